import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Strict CSP: no inline script or style anywhere, no framing, forms post only here. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The headers every response carries, whatever the route (the request id and cache policy aside). */
export function fixedSecurityHeaders(options: { https: boolean }): ReadonlyArray<readonly [string, string]> {
  return [
    ['x-content-type-options', 'nosniff'],
    ['x-frame-options', 'DENY'],
    ['referrer-policy', 'strict-origin-when-cross-origin'],
    ['cross-origin-opener-policy', 'same-origin'],
    ['permissions-policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()'],
    ...(options.https ? [['strict-transport-security', 'max-age=31536000; includeSubDomains'] as const] : []),
  ];
}

/** Security headers on every response (the fast lane sends the same ones: fast-lane.ts). */
export function installSecurityHeaders(app: FastifyInstance, options: { https: boolean }): void {
  const fixed = fixedSecurityHeaders(options);
  app.addHook('onSend', async (request, reply, payload) => {
    // A route may set a stricter policy of its own (evidence files are sandboxed).
    if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    for (const [name, value] of fixed) reply.header(name, value);
    reply.header('x-request-id', request.id);
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,64}$/;

/** Keep a caller's well-formed X-Request-Id (for tracing through a proxy), else make one. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && REQUEST_ID.test(value) ? value : crypto.randomUUID();
}

/** An onSend hook for pages and answers whose address holds a secret (a ticket): never send it on in a Referer. */
export async function noReferrer(_request: FastifyRequest, reply: FastifyReply): Promise<void> {
  void reply.header('referrer-policy', 'no-referrer');
}
