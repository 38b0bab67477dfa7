import type { departments } from '@tillwire/contracts';
import type { z } from 'zod';
import type { DepartmentUsage } from '../clients/department-usage.client';
import type { Department } from '../db/departments.repository';
import { departmentsErrors } from '../departments.errors';
import { removalRefusal } from '../domain/department-removal';
import type { DepartmentsDeps } from './departments.deps';

/**
 * Deletes a department that no terminal or product names any more (the terminals and inventory
 * services count them); its ledger entries stay. Answers the department as it was.
 */
export async function removeDepartment(
  deps: Pick<DepartmentsDeps, 'db' | 'departments'>,
  usage: DepartmentUsage,
  { code }: z.output<typeof departments.removeDepartmentParams>,
): Promise<Department> {
  const current = await deps.departments.get(deps.db, code);
  if (!current) throw departmentsErrors.departmentNotFound(code);
  const refusal = removalRefusal(await usage.count(code));
  if (refusal) throw departmentsErrors.inUse(code, refusal);
  if (!(await deps.departments.remove(deps.db, code))) throw departmentsErrors.departmentNotFound(code);
  return current;
}
