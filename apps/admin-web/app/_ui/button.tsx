import type { ButtonHTMLAttributes } from 'react';

const TONES = {
  primary: 'bg-sky-700 text-white hover:bg-sky-800 disabled:bg-slate-400',
  secondary: 'border border-slate-300 bg-white text-slate-900 hover:bg-slate-100 disabled:text-slate-500',
  danger: 'bg-red-700 text-white hover:bg-red-800 disabled:bg-slate-400',
} as const;

/** A large touch target with a visible focus ring; `busy` disables it while its action runs. */
export function Button({
  tone = 'secondary',
  busy = false,
  className = '',
  type = 'button',
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { tone?: keyof typeof TONES; busy?: boolean }) {
  return (
    <button
      type={type}
      {...props}
      disabled={busy || props.disabled}
      aria-busy={busy || undefined}
      className={`inline-flex min-h-12 items-center justify-center gap-2 whitespace-nowrap rounded-lg px-5 text-base font-medium focus-visible:outline-4 focus-visible:outline-offset-2 focus-visible:outline-sky-500 disabled:cursor-not-allowed ${TONES[tone]} ${className}`}
    />
  );
}
