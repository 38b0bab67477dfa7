import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Headers every answer carries: no content sniffing, no framing, no referrer, nothing cached, and a
 * content policy that lets the API's own answers load nothing (the docs page: its inline style).
 */
export function setSecurityHeaders(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-site');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Security-Policy', `default-src 'none'; frame-ancestors 'none'${req.url?.startsWith('/docs') ? "; style-src 'unsafe-inline'" : ''}`);
}

/** The headers as a moleculer-web middleware, for every route's answers. */
export function securityHeaders(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  setSecurityHeaders(req, res);
  next();
}
