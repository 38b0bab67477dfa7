import { departments, reports } from '@tillwire/contracts';
import { unitOfWork, validatedAction, type ServiceDependencies } from '@tillwire/platform';
import type { ServiceSchema } from 'moleculer';
import { departmentUsage } from './clients/department-usage.client';
import { departmentsRepository } from './db/departments.repository';
import { ledgerRepository } from './db/ledger.repository';
import { allocateTransaction } from './use-cases/allocate-transaction';
import { createDepartment } from './use-cases/create-department';
import type { DepartmentsDeps } from './use-cases/departments.deps';
import { getDepartment } from './use-cases/get-department';
import { listDepartments } from './use-cases/list-departments';
import { dayLedger } from './use-cases/day-ledger';
import { readLedger } from './use-cases/read-ledger';
import { refundTransaction } from './use-cases/refund-transaction';
import { removeDepartment } from './use-cases/remove-department';
import { salesByHour } from './use-cases/sales-by-hour';
import { unallocateTransaction } from './use-cases/unallocate-transaction';
import { updateDepartment } from './use-cases/update-department';

/** Departments and the allocation ledger. Actions validate, call one use case; errors map in departments.errors.ts. */
export function createDepartmentsService({ config, db }: ServiceDependencies): ServiceSchema {
  const deps: DepartmentsDeps = {
    db: db.sql,
    transact: unitOfWork(db),
    departments: departmentsRepository,
    ledger: ledgerRepository,
    allocationRule: config.checkout.allocationRule,
    timeZone: config.store.timeZone,
  };
  return {
    name: 'departments',
    actions: {
      list: validatedAction({ params: departments.listDepartmentsParams, handler: () => listDepartments(deps) }),
      get: validatedAction({ params: departments.getDepartmentParams, handler: (p) => getDepartment(deps, p) }),
      create: validatedAction({ params: departments.department, handler: (p) => createDepartment(deps, p) }),
      update: validatedAction({
        params: departments.updateDepartmentParams,
        handler: (p) => updateDepartment(deps, p),
      }),
      remove: validatedAction({
        params: departments.removeDepartmentParams,
        handler: (p, ctx) => removeDepartment(deps, departmentUsage(ctx), p),
      }),
      allocate: validatedAction({ params: departments.allocateParams, handler: (p) => allocateTransaction(deps, p) }),
      unallocate: validatedAction({
        params: departments.unallocateParams,
        handler: (p) => unallocateTransaction(deps, p),
      }),
      refund: validatedAction({
        params: departments.departmentRefundParams,
        handler: (p) => refundTransaction(deps, p),
      }),
      ledger: validatedAction({ params: departments.ledgerParams, handler: (p) => readLedger(deps, p) }),
      dayLedger: validatedAction({ params: reports.daySliceParams, handler: (p) => dayLedger(deps, p) }),
      salesByHour: validatedAction({ params: departments.salesByHourParams, handler: (p) => salesByHour(deps, p) }),
    },
  };
}
