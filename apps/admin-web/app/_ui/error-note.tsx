import type { ApiError } from '@tillwire/contracts';

/** A failed request as the person can act on it: what failed, the API's message and code. */
export function ErrorNote({ error, title }: { error: ApiError | Error; title?: string }) {
  const code = 'code' in error ? (error as ApiError).code : undefined;
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-4 text-base text-red-900">
      {title && <p className="font-semibold">{title}</p>}
      <p>
        {error.message}
        {code && <span className="ml-2 font-mono text-sm">({code})</span>}
      </p>
    </div>
  );
}
