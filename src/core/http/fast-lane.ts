// The fast lane: the hottest public GET answers (the check) given straight from Node's request
// event, ahead of Fastify's router and hooks, for the plain successful case only. Fastify's
// per-route pipeline (hooks, promise hops, reply decoration) costs more than the check's own work
// (docs/ARCHITECTURE.md, "The fast lane"); here a check costs about half of what it does there.
//
// The lane never answers anything it could get wrong. A request with a cookie or an
// Authorization header (sessions and tokens are Fastify's: an expired cookie is cleared there, a
// bad token refused), a query the schema refuses, a value the route cannot answer, a client at
// its limit, an unexpected error, a closing server: all go on, untouched, to the Fastify route of
// the same path, which stays the reference and gives every error answer. Each lane route must
// have that twin (checked at start), and what every Fastify answer carries is kept here too: the
// security headers, the request id, the rate-limit count (one counter shared with the twin) and
// headers, the duration metric and the request log lines.
import { Buffer } from 'node:buffer';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type RequestListener, type Server, type ServerOptions, type ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import proxyAddr from '@fastify/proxy-addr';
import fastJson from 'fast-json-stringify';
import { parse as parseQuery } from 'fast-querystring';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Static, TSchema } from 'typebox';
import type { RequestTimer } from './metrics.ts';
import { clientKey, type RateLimits, type RouteLimiter } from './rate-limit.ts';
import { CONTENT_SECURITY_POLICY, fixedSecurityHeaders, requestIdFrom } from './security.ts';

/** What a lane route's answer is given: the validated query and the request's headers. */
export type LaneAnswer<Q extends TSchema> = (query: Static<Q>, headers: IncomingHttpHeaders) => unknown;

type Route = {
  path: string;
  querystring: TSchema;
  /** The query schema, compiled by the app's own validator compiler when the lane opens. */
  validate: (query: unknown) => boolean;
  serialize: (answer: unknown) => string;
  /** The answer, or undefined for "let the Fastify route answer". */
  answer: (query: never, headers: IncomingHttpHeaders) => unknown;
  limiter: RouteLimiter | undefined;
};

/** What the lane needs from the app besides its routes. */
export type LaneDeps = { limits: RateLimits; observe: RequestTimer; now: () => number };

/** Fastify's server options that shape the HTTP server (its own factory applies the same; Fastify fills in the defaults). */
type FactoryOptions = { http?: ServerOptions | null; keepAliveTimeout: number; requestTimeout: number; connectionTimeout: number; maxRequestsPerSocket: number };

const trustEveryProxy = (): boolean => true;
const notOpenYet = (): boolean => false;

export class FastLane {
  private readonly routes = new Map<string, Route>();
  private readonly fixedHeaders: readonly string[];
  private open: LaneDeps | null = null;
  /** Requests the lane answered itself (the rest went to Fastify). */
  answered = 0;

  constructor(private readonly options: { logger: Logger; trustProxy: boolean; https: boolean }) {
    this.fixedHeaders = [['content-security-policy', CONTENT_SECURITY_POLICY] as const, ...fixedSecurityHeaders(options)].flat();
  }

  /**
   * Answer GET `path` here when `answer` gives a value (serialised by the response schema, 200);
   * undefined leaves the request to the Fastify route of the same path.
   */
  get<Q extends TSchema>(path: string, schema: { querystring: Q; response: TSchema }, answer: LaneAnswer<Q>): void {
    if (this.routes.has(path)) throw new Error(`fast lane: ${path} is already registered`);
    const serialize = fastJson(schema.response as Parameters<typeof fastJson>[0]);
    this.routes.set(path, { path, querystring: schema.querystring, validate: notOpenYet, serialize, answer, limiter: undefined });
  }

  /** Open the lane when the app is ready (every route registered) and stop it as the app closes. */
  attach(app: FastifyInstance, deps: LaneDeps): void {
    app.addHook('onReady', () => this.start(app, deps));
    app.addHook('preClose', () => this.stop());
  }

  // Each lane route must have its twin; its query is checked by the same compiler as the twin's.
  private start(app: FastifyInstance, deps: LaneDeps): void {
    const compile = app.validatorCompiler;
    if (compile === undefined) throw new Error('fast lane: the app has no validator compiler');
    for (const route of this.routes.values()) {
      if (!app.hasRoute({ method: 'GET', url: route.path })) throw new Error(`fast lane: ${route.path} has no Fastify route to fall back to`);
      route.validate = compile({ schema: route.querystring, method: 'GET', url: route.path, httpPart: 'querystring' }) as (query: unknown) => boolean;
      route.limiter = deps.limits.of('GET', route.path);
    }
    this.open = deps;
  }

  /** Stop answering (the app is closing: Fastify answers 503 from now on). */
  stop(): void {
    this.open = null;
  }

  /** Fastify's `serverFactory`: the HTTP server Fastify would make, with the lane in front. */
  readonly serverFactory = (fastify: RequestListener, fastifyOptions: Record<string, unknown>): Server => {
    const options = fastifyOptions as FactoryOptions;
    const server = createServer(options.http ?? {}, (request, response) => {
      if (!this.handle(request, response)) fastify(request, response);
    });
    server.keepAliveTimeout = options.keepAliveTimeout;
    server.requestTimeout = options.requestTimeout;
    server.setTimeout(options.connectionTimeout);
    if (options.maxRequestsPerSocket > 0) server.maxRequestsPerSocket = options.maxRequestsPerSocket;
    return server;
  };

  /** Answer the request and return true, or return false having touched nothing. */
  handle(request: IncomingMessage, response: ServerResponse): boolean {
    const open = this.open;
    if (open === null || request.method !== 'GET') return false;
    const url = request.url ?? '';
    const mark = url.indexOf('?');
    const route = this.routes.get(mark === -1 ? url : url.slice(0, mark));
    const { headers } = request;
    if (route === undefined || headers.cookie !== undefined || headers.authorization !== undefined) return false;
    try {
      return this.answer(route, request, response, open, mark === -1 ? '' : url.slice(mark + 1));
    } catch (error) {
      // Fastify runs the route again and answers the failure the usual way (a 500 with the request id, logged).
      if (!response.headersSent) return false;
      // Too late to hand over (nothing after writeHead is expected to throw): log it, end the exchange.
      this.options.logger.error({ err: error }, 'fast lane failed after answering');
      response.destroy();
      return true;
    }
  }

  private answer(route: Route, request: IncomingMessage, response: ServerResponse, open: LaneDeps, search: string): boolean {
    const begun = performance.now();
    const query: unknown = parseQuery(search);
    if (!route.validate(query)) return false;
    const client = this.clientOf(request);
    if (client === undefined) return false;
    const at = open.now();
    const { limiter } = route;
    if (limiter?.exhausted(client, at) === true) return false;
    const answer = route.answer(query as never, request.headers);
    if (answer === undefined) return false;
    const body = route.serialize(answer);
    const id = requestIdFrom(request.headers['x-request-id']);
    const { logger } = this.options;
    const logging = logger.isLevelEnabled('info');
    if (logging) logger.info({ reqId: id, req: { id, method: 'GET', url: request.url } }, 'incoming request');
    const out = ['content-type', 'application/json; charset=utf-8', 'content-length', String(Buffer.byteLength(body)), ...this.fixedHeaders, 'x-request-id', id, 'cache-control', 'no-store'];
    if (limiter !== undefined) for (const header of limiter.hit(client, at).headers) out.push(...header);
    response.writeHead(200, out);
    response.end(body);
    this.answered++;
    const elapsed = performance.now() - begun;
    open.observe('GET', route.path, 200, elapsed / 1000);
    if (logging) logger.info({ reqId: id, res: { statusCode: 200 }, responseTime: elapsed }, 'request completed');
    return true;
  }

  /** The client a limit counts, as Fastify's request.ip gives it (the X-Forwarded-For origin behind a trusted proxy). */
  private clientOf(request: IncomingMessage): string | undefined {
    const ip = this.options.trustProxy ? proxyAddr(request, trustEveryProxy) : request.socket.remoteAddress;
    return ip === undefined ? undefined : clientKey(ip);
  }
}
