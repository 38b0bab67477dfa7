import type { Route } from './route';

/** What the checkout screen needs beyond the checkout itself. */
export const POS_SCREEN_ROUTES: readonly Route[] = [];
