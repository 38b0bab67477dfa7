import type { departments } from '@tillwire/contracts';
import type { z } from 'zod';
import type { Department } from '../db/departments.repository';
import { departmentsErrors } from '../departments.errors';
import type { DepartmentsDeps } from './departments.deps';

export async function getDepartment(
  deps: Pick<DepartmentsDeps, 'db' | 'departments'>,
  { code }: z.output<typeof departments.getDepartmentParams>,
): Promise<Department> {
  const found = await deps.departments.get(deps.db, code);
  if (!found) throw departmentsErrors.departmentNotFound(code);
  return found;
}
