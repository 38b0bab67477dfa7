import { useId, type InputHTMLAttributes } from 'react';
import { FOCUS_RING } from './button';

/** A labelled input sized for touch; `hint` is read with it by screen readers. */
export function Field({ label, hint, className = '', ...props }: InputHTMLAttributes<HTMLInputElement> & { label: string; hint?: string }) {
  const id = useId();
  return (
    <div className={`flex flex-col gap-1 ${className}`}>
      <label htmlFor={id} className="text-base font-medium text-slate-800">
        {label}
      </label>
      <input
        id={id}
        aria-describedby={hint ? `${id}-hint` : undefined}
        className={`min-h-14 rounded-xl border-2 border-slate-400 bg-white px-4 text-xl text-slate-900 ${FOCUS_RING}`}
        {...props}
      />
      {hint ? (
        <p id={`${id}-hint`} className="text-sm text-slate-700">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
