import type { Route } from './route';

const escape = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** A self-contained page (no external assets) listing every endpoint; the schemas are in /openapi.json. */
export function docsPage(routes: readonly Route[]): string {
  const rows = routes
    .map(
      (r) =>
        `<tr><td><code>${r.method}</code></td><td><code>${escape(r.path)}</code></td><td>${escape(r.tag)}</td><td>${escape(r.summary)}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Tillwire API</title>
<style>body{font:16px system-ui,sans-serif;margin:2rem;max-width:70rem}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #ddd;padding:.5rem;text-align:left;vertical-align:top}code{font-size:.95em}</style></head>
<body><h1>Tillwire public API</h1>
<p>JSON over HTTP. Every POST needs an <code>Idempotency-Key</code> header (1–255 characters): the same key and body
returns the first response again, the same key with another body is <code>409 idempotency_key_reused</code>, and a key
whose request is still running is <code>409 in_progress</code>. Errors are <code>{"error":{"code","message","details"}}</code>.
Money is in integer minor units. The full schemas are in the <a href="/openapi.json">OpenAPI 3.1 document</a>.</p>
<table><thead><tr><th>Method</th><th>Path</th><th>Area</th><th>What it does</th></tr></thead><tbody>
${rows}
</tbody></table></body></html>`;
}
