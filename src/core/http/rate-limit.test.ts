import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { toEnvelope } from '../errors.ts';
import { clientKey, installRateLimits, WindowCounter } from './rate-limit.ts';

describe('WindowCounter', () => {
  it('counts a client within its window and opens a new window when it ends', () => {
    const counter = new WindowCounter({ max: 2, timeWindow: 1000 });
    expect(counter.hit('a', 0)).toEqual({ count: 1, resetAt: 1000 });
    expect(counter.hit('a', 999)).toEqual({ count: 2, resetAt: 1000 });
    expect(counter.hit('b', 500)).toEqual({ count: 1, resetAt: 1500 });
    expect(counter.hit('a', 1000)).toEqual({ count: 1, resetAt: 2000 });
  });

  it('stays within its capacity: expired windows go first, then the oldest', () => {
    const counter = new WindowCounter({ max: 5, timeWindow: 1000 }, 3);
    counter.hit('a', 0);
    counter.hit('b', 100);
    counter.hit('c', 1200);
    // a and b have expired at 1200: both go, c stays and keeps its count.
    counter.hit('d', 1200);
    expect(counter.size).toBe(2);
    expect(counter.hit('c', 1300).count).toBe(2);
    counter.hit('e', 1300);
    // Nothing has expired at 1400: the oldest window (c) is dropped for f.
    counter.hit('f', 1400);
    expect(counter.size).toBe(3);
    expect(counter.hit('c', 1500).count).toBe(1);
  });
});

describe('clientKey', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002::9', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['2001:DB8:0:0:ffff::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
  ])('%s counts as %s', (ip, key) => {
    expect(clientKey(ip)).toBe(key);
  });

  it('puts two addresses of one /64 together and two /64s apart', () => {
    expect(clientKey('2001:db8:a:b::1')).toBe(clientKey('2001:db8:a:b:ffff:ffff:ffff:ffff'));
    expect(clientKey('2001:db8:a:b::1')).not.toBe(clientKey('2001:db8:a:c::1'));
  });
});

describe('installRateLimits', () => {
  async function appWith(now: { at: number }) {
    const app = Fastify();
    installRateLimits(app, () => now.at);
    app.setErrorHandler((error, _request, reply) => {
      const { status, body } = toEnvelope(error, 'test');
      return reply.status(status).send(body);
    });
    app.get('/limited', { config: { rateLimit: { max: 2, timeWindow: 60_000 } } }, async () => ({ ok: true }));
    app.get('/other', { config: { rateLimit: { max: 2, timeWindow: 60_000 } } }, async () => ({ ok: true }));
    app.get('/free', async () => ({ ok: true }));
    await app.ready();
    return app;
  }

  it('answers 429 with Retry-After past the limit, per route, and tells the remainder before', async () => {
    const now = { at: 1_000_000 };
    const app = await appWith(now);
    const first = await app.inject({ url: '/limited' });
    expect(first.statusCode).toBe(200);
    expect(first.headers).toMatchObject({ 'x-ratelimit-limit': '2', 'x-ratelimit-remaining': '1', 'x-ratelimit-reset': '60' });
    now.at += 15_000;
    expect((await app.inject({ url: '/limited' })).headers['x-ratelimit-remaining']).toBe('0');
    const refused = await app.inject({ url: '/limited' });
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('45');
    expect(refused.json()).toMatchObject({ error: { code: 'RATE_LIMITED', details: [{ message: 'retry after 45 s' }] } });
    // Another limited route keeps its own count; a route without a limit has no headers.
    expect((await app.inject({ url: '/other' })).statusCode).toBe(200);
    const free = await app.inject({ url: '/free' });
    expect(free.headers['x-ratelimit-limit']).toBeUndefined();
    now.at += 45_000;
    expect((await app.inject({ url: '/limited' })).statusCode).toBe(200);
    await app.close();
  });

  it('counts clients apart', async () => {
    const app = await appWith({ at: 0 });
    for (let i = 0; i < 2; i++) await app.inject({ url: '/limited', remoteAddress: '198.51.100.1' });
    expect((await app.inject({ url: '/limited', remoteAddress: '198.51.100.1' })).statusCode).toBe(429);
    expect((await app.inject({ url: '/limited', remoteAddress: '198.51.100.2' })).statusCode).toBe(200);
    await app.close();
  });
});
