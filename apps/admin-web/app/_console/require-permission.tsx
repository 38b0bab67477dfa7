'use client';

import type { permissions } from '@tillwire/contracts';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { useConsole } from './console-context';
import { NAV } from './navigation';

/**
 * A page for roles with `permission`. Opened directly by anyone else it says why it is not shown
 * and where they can go instead, and asks the API nothing.
 */
export function RequirePermission({ permission, title, children }: { permission: permissions.Permission; title: string; children: ReactNode }) {
  const { can, user } = useConsole();
  if (can(permission)) return children;
  const elsewhere = NAV.find((item) => can(item.permission));
  return (
    <div className="max-w-2xl rounded-2xl border border-amber-200 bg-amber-50 p-8">
      <h1 className="text-2xl font-bold text-slate-900">{title} is not available to your role</h1>
      <p className="mt-3 text-lg text-slate-800">
        This page needs the <code className="font-mono">{permission}</code> permission, which the {user.roles.join(', ')} role does not
        have. Ask an administrator if you need it.
      </p>
      {elsewhere && (
        <p className="mt-4 text-lg">
          <Link href={elsewhere.href} className="font-semibold text-sky-800 underline focus-visible:outline-4 focus-visible:outline-sky-500">
            Go to {elsewhere.label}
          </Link>
        </p>
      )}
    </div>
  );
}
