import type { ButtonHTMLAttributes } from 'react';

const VARIANTS = {
  primary: 'bg-sky-700 text-white hover:bg-sky-800 active:bg-sky-900 disabled:bg-slate-300 disabled:text-slate-600',
  secondary: 'border-2 border-slate-300 bg-white text-slate-900 hover:bg-slate-50 active:bg-slate-100 disabled:text-slate-500',
  danger: 'bg-red-700 text-white hover:bg-red-800 active:bg-red-900 disabled:bg-slate-300 disabled:text-slate-600',
  success: 'bg-emerald-700 text-white hover:bg-emerald-800 active:bg-emerald-900 disabled:bg-slate-300 disabled:text-slate-600',
} as const;

export type ButtonVariant = keyof typeof VARIANTS;

/** Large enough for a finger on a till's touch screen, with a focus ring a keyboard user can follow. */
export const FOCUS_RING = 'focus-visible:outline-4 focus-visible:outline-offset-2 focus-visible:outline-sky-500';

export function Button({
  variant = 'secondary',
  className = '',
  type = 'button',
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: ButtonVariant }) {
  return (
    <button
      type={type}
      className={`inline-flex min-h-14 min-w-14 items-center justify-center gap-2 rounded-xl px-5 text-lg font-semibold disabled:cursor-not-allowed ${FOCUS_RING} ${VARIANTS[variant]} ${className}`}
      {...props}
    />
  );
}
