import { departments } from '@tillwire/contracts';
import type { Context } from 'moleculer';
import { errorType } from './broker-error';

/** What the terminals service asks of the departments service. */
export interface DepartmentDirectory {
  exists(code: string): Promise<boolean>;
}

/** Over the broker, in the caller's context (so the call joins its trace). */
export function departmentDirectory(ctx: Context): DepartmentDirectory {
  return {
    async exists(code) {
      try {
        await ctx.call(departments.DepartmentsActions.get, { code });
        return true;
      } catch (error) {
        if (errorType(error) === departments.DepartmentsErrorCode.NotFound) return false;
        throw error;
      }
    },
  };
}
