/**
 * The web apps' browsers talk to their own origin under this prefix; the app's server forwards to
 * the public API. One origin means no CORS preflight per request, and a deployment exposes the
 * API to browsers only through the apps.
 */
export const PLATFORM_PREFIX = '/platform';

// Headers that describe one hop, never the request: fetch sets its own.
const HOP_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'host', 'content-length', 'expect']);

/**
 * Forwards `request` (under PLATFORM_PREFIX) to `apiUrl`, streaming the answer back, event streams
 * included. The app's server is a trusted proxy of the API, so the client's address travels in
 * `X-Forwarded-For`. An API that cannot be reached is the API's own 503 error.
 */
export async function forwardToPlatform(request: Request, apiUrl: string, clientAddress: string | undefined): Promise<Response> {
  const url = new URL(request.url);
  const headers = new Headers();
  request.headers.forEach((value, name) => {
    if (!HOP_HEADERS.has(name) && name !== 'x-forwarded-for') headers.set(name, value);
  });
  if (clientAddress) headers.set('x-forwarded-for', clientAddress);
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  let upstream: Response;
  try {
    upstream = await fetch(`${apiUrl}${url.pathname.slice(PLATFORM_PREFIX.length)}${url.search}`, {
      method: request.method,
      headers,
      body: hasBody ? await request.arrayBuffer() : undefined,
      signal: request.signal,
      redirect: 'manual',
    });
  } catch (error) {
    if ((error as { name?: string }).name === 'AbortError') return new Response(null, { status: 499 });
    return Response.json(
      { error: { code: 'dependency_unavailable', message: 'The Tillwire platform API is not reachable; retry shortly' } },
      { status: 503 },
    );
  }
  const answer = new Headers(upstream.headers);
  // fetch has already decoded the body, so its encoding and length no longer describe it.
  answer.delete('content-encoding');
  answer.delete('content-length');
  return new Response(upstream.body, { status: upstream.status, statusText: upstream.statusText, headers: answer });
}
