import type { ReactNode } from 'react';

const TONES = {
  info: 'border-sky-300 bg-sky-50 text-sky-900',
  success: 'border-emerald-300 bg-emerald-50 text-emerald-900',
  warning: 'border-amber-400 bg-amber-50 text-amber-900',
  error: 'border-red-300 bg-red-50 text-red-900',
} as const;

/** A message the screen reader announces as it appears (errors assertively). */
export function Notice({ tone, children, className = '' }: { tone: keyof typeof TONES; children: ReactNode; className?: string }) {
  return (
    <div role={tone === 'error' ? 'alert' : 'status'} className={`rounded-xl border-2 px-4 py-3 text-lg ${TONES[tone]} ${className}`}>
      {children}
    </div>
  );
}
