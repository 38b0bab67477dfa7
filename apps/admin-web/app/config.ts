import 'server-only';

// The only place this app reads the environment; parsed once, fails fast on a bad value.
function parseApiUrl(raw: string | undefined): string {
  const value = raw?.trim() || 'http://127.0.0.1:8080';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`TILLWIRE_API_URL is not a valid URL: "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`TILLWIRE_API_URL must be an http(s) URL, got "${value}"`);
  }
  return url.href.replace(/\/+$/, '');
}

export const config = Object.freeze({
  apiUrl: parseApiUrl(process.env.TILLWIRE_API_URL),
});
