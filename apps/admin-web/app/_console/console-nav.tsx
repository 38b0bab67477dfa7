'use client';

import type { permissions } from '@tillwire/contracts';
import Link from 'next/link';
import { NAV, navItemOf } from './navigation';

/** The menu: only the pages the user's roles may use. */
export function ConsoleNav({ can, pathname }: { can: (p: permissions.Permission) => boolean; pathname: string }) {
  const current = navItemOf(pathname);
  return (
    <nav aria-label="Sections" className="w-56 shrink-0 border-r border-slate-200 bg-white px-3 py-6">
      <ul className="space-y-1">
        {NAV.filter((item) => can(item.permission)).map((item) => (
          <li key={item.href}>
            <Link
              href={item.href}
              aria-current={item === current ? 'page' : undefined}
              className={`flex min-h-12 items-center rounded-lg px-3 text-lg focus-visible:outline-4 focus-visible:outline-offset-2 focus-visible:outline-sky-500 ${
                item === current ? 'bg-sky-100 font-semibold text-sky-900' : 'text-slate-700 hover:bg-slate-100'
              }`}
            >
              {item.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
