import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from 'react';

const CONTROL =
  'mt-1 block min-h-12 w-full rounded-lg border border-slate-400 bg-white px-3 text-base text-slate-900 focus-visible:outline-4 focus-visible:outline-offset-1 focus-visible:outline-sky-500';

function Labelled({ id, label, hint, children }: { id: string; label: string; hint?: string | undefined; children: ReactNode }) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-semibold text-slate-700">
        {label}
      </label>
      {children}
      {hint && (
        <p id={`${id}-hint`} className="mt-1 text-sm text-slate-600">
          {hint}
        </p>
      )}
    </div>
  );
}

/** A labelled text, number or date input. */
export function TextField({ label, hint, ...props }: InputHTMLAttributes<HTMLInputElement> & { label: string; hint?: string }) {
  const id = useId();
  return (
    <Labelled id={id} label={label} hint={hint}>
      <input id={id} aria-describedby={hint ? `${id}-hint` : undefined} {...props} className={CONTROL} />
    </Labelled>
  );
}

export interface Option {
  readonly value: string;
  readonly label: string;
}

/** A labelled select; `placeholder` is an empty first choice (a required select then needs a real one). */
export function SelectField({
  label,
  options,
  placeholder,
  ...props
}: SelectHTMLAttributes<HTMLSelectElement> & { label: string; options: readonly Option[]; placeholder?: string }) {
  const id = useId();
  return (
    <Labelled id={id} label={label}>
      <select id={id} {...props} className={CONTROL}>
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </Labelled>
  );
}

/** A labelled checkbox. */
export function CheckField({ label, ...props }: InputHTMLAttributes<HTMLInputElement> & { label: string }) {
  const id = useId();
  return (
    <div className="flex min-h-12 items-center gap-3">
      <input id={id} type="checkbox" {...props} className="h-6 w-6 rounded border-slate-400 accent-sky-700 focus-visible:outline-4 focus-visible:outline-sky-500" />
      <label htmlFor={id} className="text-base text-slate-800">
        {label}
      </label>
    </div>
  );
}
