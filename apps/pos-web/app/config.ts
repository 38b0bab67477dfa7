import 'server-only';
import { parseApiUrl } from '@tillwire/contracts';

// The only place this app reads the environment; parsed once, fails fast on a bad value.
export const config = Object.freeze({
  apiUrl: parseApiUrl(process.env.TILLWIRE_API_URL),
});
