import type { permissions } from '@tillwire/contracts';

export interface NavItem {
  readonly href: string;
  readonly label: string;
  /** The permission of the matrix the page needs; the item is hidden from roles without it. */
  readonly permission: permissions.Permission;
}

/** The console's pages, in menu order. */
export const NAV: readonly NavItem[] = [
  { href: '/', label: 'Overview', permission: 'reports.reconcile' },
  { href: '/terminals', label: 'Terminals', permission: 'catalog.read' },
  { href: '/certificates', label: 'Certificates', permission: 'terminals.certificates' },
  { href: '/departments', label: 'Departments', permission: 'catalog.read' },
  { href: '/inventory', label: 'Inventory', permission: 'catalog.read' },
  { href: '/shifts', label: 'Shifts', permission: 'pos.read' },
  { href: '/transactions', label: 'Transactions', permission: 'traces.read' },
  { href: '/reconciliation', label: 'Reconciliation', permission: 'reports.reconcile' },
  { href: '/dead-letters', label: 'Dead letters', permission: 'dead-letters.manage' },
  { href: '/audit', label: 'Audit log', permission: 'audit.read' },
];

/** The menu item a path belongs to: the longest prefix match. */
export function navItemOf(pathname: string): NavItem | undefined {
  return [...NAV]
    .sort((a, b) => b.href.length - a.href.length)
    .find((item) => (item.href === '/' ? pathname === '/' : pathname === item.href || pathname.startsWith(`${item.href}/`)));
}
