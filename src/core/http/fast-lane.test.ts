// The fast lane over real HTTP (Fastify's inject never reaches it): what it answers itself, with
// every header a Fastify answer carries, and everything it leaves to the Fastify twin.
import { Writable } from 'node:stream';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { Type } from 'typebox';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logging.ts';
import { installErrorHandling } from './errors.ts';
import { FastLane } from './fast-lane.ts';
import { installMetrics } from './metrics.ts';
import { installRateLimits } from './rate-limit.ts';
import { installSecurityHeaders } from './security.ts';
import { buildValidatorCompiler } from './validation.ts';

const Query = Type.Object({ n: Type.Integer({ minimum: 0, maximum: 100 }), lang: Type.Optional(Type.String()) }, { additionalProperties: false });
const Answer = Type.Object({ n: Type.Integer(), via: Type.String() });

type Setup = { trustProxy?: boolean; answer?: (n: number) => unknown; withTwin?: boolean };

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** An app shaped like ours: security headers, metrics, per-route limits, a lane route and its twin. */
async function laneApp({ trustProxy = false, answer = (n) => (n === 13 ? undefined : { n, via: 'lane', secret: 'not in the schema' }), withTwin = true }: Setup = {}) {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const logger = createLogger({ logLevel: 'info' }, sink);
  const lane = new FastLane({ logger, trustProxy, https: true });
  const loggerInstance: FastifyBaseLogger = logger;
  const app = Fastify({ loggerInstance, trustProxy, serverFactory: lane.serverFactory, return503OnClosing: true }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(buildValidatorCompiler());
  installErrorHandling(app, (_request, status, code) => `<p>${status} ${code}</p>`);
  installSecurityHeaders(app, { https: true });
  const observe = installMetrics(app);
  let now = 1_000_000;
  const limits = installRateLimits(app, () => now);
  lane.attach(app, { limits, observe, now: () => now });
  lane.get('/api/echo', { querystring: Query, response: Answer }, (query) => answer(query.n));
  if (withTwin) {
    app.get('/api/echo', { config: { rateLimit: { max: 3, timeWindow: 60_000 } }, schema: { querystring: Query, response: { 200: Answer } } }, async (request) => {
      const n = request.query.n;
      if (n === 66) throw new Error('boom');
      return { n, via: 'fastify' };
    });
  }
  await app.listen({ port: 0, host: '127.0.0.1' });
  closers.push(() => app.close());
  const { port } = app.server.address() as { port: number };
  const get = (path: string, headers: Record<string, string> = {}, method = 'GET') => fetch(`http://127.0.0.1:${port}${path}`, { method, headers });
  return { app, lane, lines, get, later: (ms: number) => (now += ms) };
}

const VOLATILE = new Set(['date', 'x-request-id', 'x-ratelimit-remaining', 'keep-alive', 'connection']);
const stableHeaders = (response: Response) => Object.fromEntries([...response.headers].filter(([name]) => !VOLATILE.has(name)));

describe('what the fast lane answers itself', () => {
  it('answers a plain GET by the response schema, with the headers its Fastify twin sends', async () => {
    const { lane, get } = await laneApp();
    const viaLane = await get('/api/echo?n=7');
    expect(lane.answered).toBe(1);
    expect(viaLane.status).toBe(200);
    // Fields outside the response schema never leave the server.
    expect(await viaLane.json()).toEqual({ n: 7, via: 'lane' });
    // A cookie sends the same request to Fastify: the headers match but for the ones that vary per request.
    const viaFastify = await get('/api/echo?n=7', { cookie: 'theme=dark' });
    expect(lane.answered).toBe(1);
    expect(await viaFastify.json()).toEqual({ n: 7, via: 'fastify' });
    expect(stableHeaders(viaLane)).toEqual({ ...stableHeaders(viaFastify), 'content-length': viaLane.headers.get('content-length') });
    expect(viaLane.headers.get('strict-transport-security')).toMatch(/max-age=/);
    expect(viaLane.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(viaLane.headers.get('content-length')).toBe(String(Buffer.byteLength('{"n":7,"via":"lane"}')));
  });

  it('keeps a well-formed X-Request-Id and makes one otherwise', async () => {
    const { get } = await laneApp();
    expect((await get('/api/echo?n=1', { 'x-request-id': 'trace-0123456789' })).headers.get('x-request-id')).toBe('trace-0123456789');
    expect((await get('/api/echo?n=1', { 'x-request-id': 'bad id!' })).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('shares the route limit with its twin and leaves the refusal to it', async () => {
    const { lane, get, later } = await laneApp();
    expect((await get('/api/echo?n=1')).headers.get('x-ratelimit-remaining')).toBe('2');
    expect((await get('/api/echo?n=1', { cookie: 'a=b' })).headers.get('x-ratelimit-remaining')).toBe('1');
    expect((await get('/api/echo?n=1')).headers.get('x-ratelimit-remaining')).toBe('0');
    expect(lane.answered).toBe(2);
    const refused = await get('/api/echo?n=1');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('60');
    expect(lane.answered).toBe(2);
    later(60_000);
    expect((await get('/api/echo?n=1')).status).toBe(200);
    expect(lane.answered).toBe(3);
  });

  it('counts the client behind a trusted proxy', async () => {
    const { get } = await laneApp({ trustProxy: true });
    for (let i = 0; i < 3; i++) expect((await get('/api/echo?n=1', { 'x-forwarded-for': '198.51.100.1' })).status).toBe(200);
    expect((await get('/api/echo?n=1', { 'x-forwarded-for': '198.51.100.1' })).status).toBe(429);
    expect((await get('/api/echo?n=1', { 'x-forwarded-for': '198.51.100.2' })).status).toBe(200);
  });

  it('logs both request lines with the request id and without the query string', async () => {
    const { lines, get } = await laneApp();
    await get('/api/echo?n=42', { 'x-request-id': 'trace-lane-000001' });
    const mine = lines.filter((line) => line.reqId === 'trace-lane-000001');
    expect(mine.map((line) => line.msg)).toEqual(['incoming request', 'request completed']);
    expect(mine[0]?.req).toEqual({ id: 'trace-lane-000001', method: 'GET', path: '/api/echo' });
    expect(mine[1]).toMatchObject({ res: { statusCode: 200 } });
    expect(JSON.stringify(lines)).not.toContain('n=42');
  });

  it('times its answers in the request metrics under the route pattern', async () => {
    const { app, lane, get } = await laneApp();
    for (let i = 0; i < 3; i++) await get(`/api/echo?n=${i}`);
    expect(lane.answered).toBe(3);
    const metrics = (await app.inject({ url: '/metrics' })).body;
    expect(metrics).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/api\/echo",status="200"\} 3/);
  });
});

describe('what the fast lane leaves to Fastify', () => {
  it('a query the schema refuses, a value it cannot answer, a session or a token, another method', async () => {
    const { lane, get, later } = await laneApp();
    const refused = await get('/api/echo?n=-1');
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    expect((await get('/api/echo?n=1&extra=2')).status).toBe(400);
    expect(await (await get('/api/echo?n=13')).json()).toEqual({ n: 13, via: 'fastify' });
    later(60_000); // each of these counted against the limit of 3
    expect(await (await get('/api/echo?n=1', { authorization: 'Bearer x' })).json()).toEqual({ n: 1, via: 'fastify' });
    expect((await get('/api/echo?n=1', {}, 'HEAD')).status).toBe(200);
    expect((await get('/api/echo?n=1', {}, 'POST')).status).toBe(404);
    expect((await get('/nowhere?n=1')).status).toBe(404);
    expect(lane.answered).toBe(0);
  });

  it('an answer that throws: Fastify answers the failure its own way', async () => {
    const { lane, get } = await laneApp({
      answer: (n) => {
        if (n === 66) throw new Error('boom');
        return { n, via: 'lane' };
      },
    });
    const failed = await get('/api/echo?n=66');
    expect(failed.status).toBe(500);
    expect(failed.headers.get('x-request-id')).not.toBeNull();
    expect(lane.answered).toBe(0);
  });

  it('everything once the lane is stopped', async () => {
    const { lane, get } = await laneApp();
    lane.stop();
    expect(await (await get('/api/echo?n=1')).json()).toEqual({ n: 1, via: 'fastify' });
    expect(lane.answered).toBe(0);
  });

  it('refuses to start with a lane route that has no Fastify twin', async () => {
    await expect(laneApp({ withTwin: false })).rejects.toThrow(/\/api\/echo has no Fastify route/);
  });
});
