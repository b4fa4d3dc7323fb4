import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** Record one answered request: method, route pattern, status and duration in seconds. */
export type RequestTimer = (method: string, route: string, status: number, seconds: number) => void;

/**
 * A Prometheus registry per app, with process metrics and request timings by route. Returns the
 * timer, for answers given outside Fastify's hooks (the fast lane).
 */
export function installMetrics(app: FastifyInstance): RequestTimer {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const observe: RequestTimer = (method, route, status, seconds) => duration.observe({ method, route, status: String(status) }, seconds);
  app.addHook('onResponse', async (request, reply) => {
    // The route pattern, not the URL, so ids do not explode label cardinality.
    observe(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
  });
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });
  return observe;
}
