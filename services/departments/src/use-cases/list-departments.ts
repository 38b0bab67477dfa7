import type { Department } from '../db/departments.repository';
import type { DepartmentsDeps } from './departments.deps';

export async function listDepartments(
  deps: Pick<DepartmentsDeps, 'db' | 'departments'>,
): Promise<{ departments: Department[] }> {
  return { departments: await deps.departments.list(deps.db) };
}
