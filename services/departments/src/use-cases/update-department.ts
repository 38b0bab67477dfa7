import type { Department } from '../db/departments.repository';
import { departmentsErrors } from '../departments.errors';
import type { DepartmentsDeps } from './departments.deps';

/** A department's code is its identity (terminals and products refer to it); only the name changes. */
export async function updateDepartment(
  deps: Pick<DepartmentsDeps, 'db' | 'departments'>,
  department: Department,
): Promise<Department> {
  const updated = await deps.departments.rename(deps.db, department);
  if (!updated) throw departmentsErrors.departmentNotFound(department.code);
  return updated;
}
