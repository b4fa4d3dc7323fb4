// Per-client rate limits for the routes that declare `config.rateLimit`: at most `max` requests
// from one client in `timeWindow` ms, counted per route. A synchronous onRequest hook and a Map:
// the public lookups (the check, hash prefixes) are the hottest routes, and the general-purpose
// plugin this replaces cost ~15 µs a request in promise hops and an LRU, most of the check's
// budget (docs/ARCHITECTURE.md, "Our own rate limiter").
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction, RouteOptions } from 'fastify';
import { AppError } from '../errors.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** At most `max` requests per client in `timeWindow` milliseconds, on this route. */
    rateLimit?: RateLimit;
  }
}

export type RateLimit = { max: number; timeWindow: number };

type Window = { count: number; resetAt: number };

/** Clients remembered per route; past this, expired windows are dropped, then the oldest. */
const DEFAULT_CAPACITY = 100_000;

/**
 * Fixed windows per client, each opened by the client's first request. Memory stays bounded:
 * at capacity the expired windows go, and if none has expired, the oldest one (a client
 * forgotten early is merely counted afresh).
 */
export class WindowCounter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly limit: RateLimit,
    private readonly capacity = DEFAULT_CAPACITY,
  ) {}

  /** Count one request from `client` at `now`; the window it fell in, after counting. */
  hit(client: string, now: number): Readonly<Window> {
    const open = this.windows.get(client);
    if (open !== undefined && open.resetAt > now) {
      open.count++;
      return open;
    }
    if (open !== undefined) this.windows.delete(client);
    else if (this.windows.size >= this.capacity) this.makeRoom(now);
    const window = { count: 1, resetAt: now + this.limit.timeWindow };
    this.windows.set(client, window);
    return window;
  }

  /** True when one more request from `client` at `now` would go over the limit (nothing is counted). */
  exhausted(client: string, now: number): boolean {
    const open = this.windows.get(client);
    return open !== undefined && open.resetAt > now && open.count >= this.limit.max;
  }

  get size(): number {
    return this.windows.size;
  }

  private makeRoom(now: number): void {
    for (const [client, window] of this.windows) if (window.resetAt <= now) this.windows.delete(client);
    if (this.windows.size < this.capacity) return;
    // Insertion order is opening order: the first key is the oldest window.
    const oldest = this.windows.keys().next();
    if (oldest.done !== true) this.windows.delete(oldest.value);
  }
}

/**
 * The client a request is counted against: its IPv4 address, or the /64 of its IPv6 address
 * (one subscriber is given a whole /64, so counting addresses would not limit anyone).
 */
export function clientKey(ip: string): string {
  if (!ip.includes(':')) return ip;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped?.[1] !== undefined) return mapped[1];
  const [head = '', tail] = ip.toLowerCase().split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/** One route's limit: the shared counter behind both its Fastify hook and the fast lane. */
export class RouteLimiter {
  private readonly counter: WindowCounter;
  private readonly max: string;

  constructor(private readonly limit: RateLimit) {
    this.counter = new WindowCounter(limit);
    this.max = String(limit.max);
  }

  /** Count one request: whether it is let through, and the x-ratelimit-* headers to answer with. */
  hit(client: string, now: number): { allowed: boolean; resetSeconds: string; headers: ReadonlyArray<readonly [string, string]> } {
    const window = this.counter.hit(client, now);
    const resetSeconds = String(Math.max(1, Math.ceil((window.resetAt - now) / 1000)));
    const remaining = String(Math.max(0, this.limit.max - window.count));
    return {
      allowed: window.count <= this.limit.max,
      resetSeconds,
      headers: [
        ['x-ratelimit-limit', this.max],
        ['x-ratelimit-remaining', remaining],
        ['x-ratelimit-reset', resetSeconds],
      ],
    };
  }

  /** True when the client's next request would be refused (nothing is counted). */
  exhausted(client: string, now: number): boolean {
    return this.counter.exhausted(client, now);
  }
}

/** The limiters of the routes that declare one, by method and URL pattern. */
export type RateLimits = { of(method: string, url: string): RouteLimiter | undefined };

/** Install the limits: every route registered afterwards with `config.rateLimit` gets its own counter. */
export function installRateLimits(app: FastifyInstance, now: () => number): RateLimits {
  const limiters = new Map<string, RouteLimiter>();
  app.addHook('onRoute', (route: RouteOptions) => {
    const limit = route.config?.rateLimit;
    if (limit === undefined) return;
    const limiter = new RouteLimiter(limit);
    for (const method of [route.method].flat()) limiters.set(`${method} ${route.url}`, limiter);
    const hook = (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
      const { allowed, resetSeconds, headers } = limiter.hit(clientKey(request.ip), now());
      for (const [name, value] of headers) reply.header(name, value);
      if (allowed) return done();
      reply.header('retry-after', resetSeconds);
      done(new AppError('RATE_LIMITED', undefined, [{ message: `retry after ${resetSeconds} s` }]));
    };
    route.onRequest = route.onRequest === undefined ? [hook] : [...(Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest]), hook];
  });
  return { of: (method, url) => limiters.get(`${method} ${url}`) };
}
