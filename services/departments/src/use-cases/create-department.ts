import type { Department } from '../db/departments.repository';
import { departmentsErrors } from '../departments.errors';
import type { DepartmentsDeps } from './departments.deps';

export async function createDepartment(
  deps: Pick<DepartmentsDeps, 'db' | 'departments'>,
  department: Department,
): Promise<Department> {
  if (!(await deps.departments.insert(deps.db, department))) throw departmentsErrors.alreadyExists(department.code);
  return department;
}
