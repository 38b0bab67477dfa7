import { departments } from '@tillwire/contracts';
import { found } from '@tillwire/platform';
import type { Context } from 'moleculer';

/** What the terminals service asks of the departments service. */
export interface DepartmentDirectory {
  exists(code: string): Promise<boolean>;
}

/** Over the broker, in the caller's context (so the call joins its trace). */
export function departmentDirectory(ctx: Context): DepartmentDirectory {
  return { exists: (code) => found(ctx.call(departments.DepartmentsActions.get, { code })) };
}
