import { DepartmentsActions } from '../broker/departments.contract';
import { DeadLettersActions } from '../broker/dead-letters.contract';
import { AuditActions } from './audit.contract';
import { InventoryActions } from '../broker/inventory.contract';
import { LoyaltyActions } from '../broker/loyalty.contract';
import { TerminalsActions } from '../broker/terminals.contract';
import type { Role } from './auth.contract';
import { ShiftsActions } from './shifts.contract';
import { TransactionsActions } from './transactions.contract';

/**
 * The permission matrix: which roles may do what. The HTTP edge checks every route against it, and
 * every service checks the broker actions below against it again for the caller the edge names.
 */
export const PERMISSIONS = {
  /** Reserve, pay, cancel; open and close shifts; the terminal's menu. Operators only at their own terminal. */
  'pos.sell': ['operator', 'supervisor', 'admin'],
  'pos.refund': ['operator', 'supervisor', 'admin'],
  /** Transactions, shift reports, terminal events, stock availability. */
  'pos.read': ['operator', 'supervisor', 'admin', 'finance'],
  /** A discount above the approval threshold, and manual overrides. */
  'pos.approve': ['supervisor', 'admin'],
  /** Stock receipts and adjustments. */
  'inventory.manage': ['supervisor', 'admin'],
  /** Departments, products and terminals as lists, and every terminal's day. */
  'catalog.read': ['supervisor', 'admin', 'finance'],
  'catalog.manage': ['admin'],
  'terminals.certificates': ['admin'],
  'dead-letters.manage': ['admin'],
  /** Run and read reconciliations, and export reports. */
  'reports.reconcile': ['finance', 'admin'],
  'audit.read': ['admin'],
  /** A transaction's trace, e.g. from a reconciliation mismatch. */
  'traces.read': ['admin', 'finance'],
  'users.manage': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function allows(roles: readonly string[], permission: Permission): boolean {
  const allowed: readonly string[] = PERMISSIONS[permission];
  return roles.some((role) => allowed.includes(role));
}

const T = TransactionsActions;
const S = ShiftsActions;
const I = InventoryActions;
const D = DepartmentsActions;
const R = TerminalsActions;
const L = DeadLettersActions;

/**
 * The broker actions the edge calls on behalf of a user, by the permission they need. A service
 * refuses such a call when the user it carries (`meta.actor`) lacks it; calls between services carry
 * the user of the request that caused them, and the actions they reach are not listed here.
 */
export const ACTION_PERMISSIONS: Readonly<Record<string, Permission>> = {
  [T.create]: 'pos.sell',
  [T.complete]: 'pos.sell',
  [T.cancel]: 'pos.sell',
  [T.refund]: 'pos.refund',
  [T.get]: 'pos.read',
  [T.findByReceipt]: 'pos.read',
  [LoyaltyActions.getMember]: 'pos.sell',
  [S.open]: 'pos.sell',
  [S.close]: 'pos.sell',
  [S.report]: 'pos.read',
  [S.list]: 'pos.read',
  [I.catalog]: 'pos.sell',
  [I.availability]: 'pos.read',
  [I.receive]: 'inventory.manage',
  [I.adjust]: 'inventory.manage',
  [I.listProducts]: 'catalog.read',
  [I.listStock]: 'catalog.read',
  [I.listReservations]: 'catalog.read',
  [I.listMovements]: 'catalog.read',
  [I.checkConsistency]: 'inventory.manage',
  [I.createProduct]: 'catalog.manage',
  [I.updateProduct]: 'catalog.manage',
  [I.removeProduct]: 'catalog.manage',
  [D.list]: 'catalog.read',
  [D.create]: 'catalog.manage',
  [D.update]: 'catalog.manage',
  [D.remove]: 'catalog.manage',
  [D.salesByHour]: 'reports.reconcile',
  [R.list]: 'catalog.read',
  [R.listWithToday]: 'catalog.read',
  [R.create]: 'catalog.manage',
  [R.update]: 'catalog.manage',
  [R.remove]: 'catalog.manage',
  [R.listEvents]: 'pos.read',
  [R.issueCertificate]: 'terminals.certificates',
  [R.listCertificates]: 'terminals.certificates',
  [R.revokeCertificate]: 'terminals.certificates',
  [R.caCertificate]: 'terminals.certificates',
  [L.list]: 'dead-letters.manage',
  [L.replay]: 'dead-letters.manage',
  [L.discard]: 'dead-letters.manage',
  [AuditActions.list]: 'audit.read',
};
