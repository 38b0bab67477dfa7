import { getPlatformHealth, type ApiResult, type PlatformHealth } from '@tillwire/contracts';
import { config } from './config';

export const dynamic = 'force-dynamic';

function PlatformStatus({ result }: { result: ApiResult<PlatformHealth> }) {
  if (!result.ok) {
    return (
      <p className="flex items-center gap-3 text-lg font-medium text-red-700">
        <span aria-hidden="true" className="size-3 rounded-full bg-red-600" />
        Platform API unreachable at {config.apiUrl} ({result.reason})
      </p>
    );
  }
  const health = result.value;
  const ok = health.status === 'ok';
  return (
    <p className={`flex items-center gap-3 text-lg font-medium ${ok ? 'text-emerald-700' : 'text-amber-700'}`}>
      <span aria-hidden="true" className={`size-3 rounded-full ${ok ? 'bg-emerald-600' : 'bg-amber-500'}`} />
      Platform status: {health.status} · {health.services.length}{' '}
      {health.services.length === 1 ? 'service' : 'services'}
    </p>
  );
}

export default async function CheckoutPage() {
  const health = await getPlatformHealth(config.apiUrl);
  return (
    <div className="mx-auto flex h-screen max-h-[768px] max-w-[1024px] flex-col">
      <header className="flex h-20 shrink-0 items-center justify-between bg-slate-900 px-8 text-white">
        <h1 className="text-3xl font-bold tracking-tight">Tillwire POS</h1>
        <span className="rounded-full bg-slate-700 px-4 py-2 text-base">No terminal</span>
      </header>

      <main className="flex flex-1 items-center justify-center p-8">
        <section
          aria-labelledby="pairing-heading"
          className="w-full max-w-2xl rounded-2xl border border-slate-200 bg-white p-10 shadow-sm"
        >
          <h2 id="pairing-heading" className="text-2xl font-semibold">
            This screen is not paired to a terminal yet
          </h2>
          <p className="mt-4 text-lg leading-relaxed text-slate-700">
            Checkout is available once an administrator binds this screen to a payment terminal. The
            terminal decides which department sales are booked to, so there is nothing to choose here.
          </p>
          <p className="mt-2 text-lg leading-relaxed text-slate-700">
            Ask an administrator to pair it in Tillwire Admin, then check again.
          </p>
          <a
            href="/"
            className="mt-8 inline-flex min-h-16 min-w-48 items-center justify-center rounded-xl bg-slate-900 px-8 text-xl font-semibold text-white active:bg-slate-700 focus-visible:outline-4 focus-visible:outline-offset-2 focus-visible:outline-sky-500"
          >
            Check again
          </a>
        </section>
      </main>

      <footer className="flex min-h-16 shrink-0 items-center border-t border-slate-200 bg-white px-8">
        <PlatformStatus result={health} />
      </footer>
    </div>
  );
}
