import type { Route } from './route';

/** What the admin console reads and runs beyond the resource CRUD. */
export const ADMIN_CONSOLE_ROUTES: readonly Route[] = [];
