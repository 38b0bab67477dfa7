import { getPlatformHealth, type PlatformHealth } from '@tillwire/contracts';
import { config } from './config';

export const dynamic = 'force-dynamic';

const SECTIONS = ['Terminals', 'Departments', 'Stock', 'Reconciliation', 'Dead letters', 'Audit'];

function HealthTable({ health }: { health: PlatformHealth }) {
  if (health.nodes.length === 0) {
    return <p className="text-slate-600">The API answered but reported no nodes.</p>;
  }
  return (
    <table className="w-full border-collapse text-left">
      <caption className="sr-only">Broker nodes and the services each runs</caption>
      <thead>
        <tr className="border-b border-slate-300 text-sm uppercase tracking-wide text-slate-500">
          <th scope="col" className="py-3 pr-6 font-semibold">Node</th>
          <th scope="col" className="py-3 font-semibold">Services</th>
        </tr>
      </thead>
      <tbody>
        {health.nodes.map((node) => (
          <tr key={node.id} className="border-b border-slate-200 align-top">
            <th scope="row" className="py-4 pr-6 font-mono text-base font-medium">{node.id}</th>
            <td className="py-4">
              {node.services.length === 0 ? (
                <span className="text-slate-500">none</span>
              ) : (
                <ul className="flex flex-wrap gap-2">
                  {node.services.map((service) => (
                    <li key={service} className="rounded-md bg-slate-100 px-3 py-1 font-mono text-sm">{service}</li>
                  ))}
                </ul>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default async function AdminHomePage() {
  const result = await getPlatformHealth(config.apiUrl);
  return (
    <div className="flex min-h-screen flex-col">
      <header className="flex h-16 shrink-0 items-center bg-slate-900 px-6 text-white">
        <h1 className="text-2xl font-bold tracking-tight">Tillwire Admin</h1>
      </header>

      <div className="flex flex-1">
        <nav aria-label="Sections" className="w-60 shrink-0 border-r border-slate-200 bg-white px-3 py-6">
          <ul className="space-y-1">
            {SECTIONS.map((section) => (
              <li key={section} className="flex min-h-12 items-center justify-between rounded-lg px-3 text-lg text-slate-700">
                {section}
                <span className="text-xs uppercase tracking-wide text-slate-400">soon</span>
              </li>
            ))}
          </ul>
        </nav>

        <main className="flex-1 p-10">
          <section aria-labelledby="health-heading" className="max-w-4xl rounded-2xl border border-slate-200 bg-white p-8 shadow-sm">
            <div className="flex flex-wrap items-center justify-between gap-4">
              <h2 id="health-heading" className="text-2xl font-semibold">Platform health</h2>
              <a
                href="/"
                className="inline-flex min-h-12 items-center rounded-lg border border-slate-300 px-5 text-base font-medium hover:bg-slate-100 focus-visible:outline-4 focus-visible:outline-offset-2 focus-visible:outline-sky-500"
              >
                Refresh
              </a>
            </div>
            <div className="mt-6">
              {result.ok ? (
                <>
                  <p className="mb-4 text-lg">
                    Status: <strong className={result.value.status === 'ok' ? 'text-emerald-700' : 'text-amber-700'}>{result.value.status}</strong>
                    {' · '}{result.value.services.length} services on {result.value.nodes.length} {result.value.nodes.length === 1 ? 'node' : 'nodes'}
                  </p>
                  <HealthTable health={result.value} />
                </>
              ) : (
                <p role="alert" className="rounded-lg bg-red-50 p-4 text-lg font-medium text-red-800">
                  Platform API unreachable at {config.apiUrl} ({result.reason})
                </p>
              )}
            </div>
          </section>
        </main>
      </div>
    </div>
  );
}
