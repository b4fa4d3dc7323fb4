// GET /api/v1/check over real HTTP, where the fast lane answers it: the same status, body and
// headers as the Fastify route gives the same request (app.inject, which the lane never sees), and
// every request the lane must not answer reaching that route.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { list } from './helpers/reputation.ts';

let t: TestApp;
let base: string;

beforeAll(async () => {
  t = await createTestApp({ start: new Date('2026-03-02T03:00:00Z') });
  await list(t, [
    { value: '*.lua-dao-ngan-hang.example.net', categories: ['phishing', 'impersonation'] },
    { value: 'https://shop.example.org/khuyen-mai', verdict: 'suspicious', categories: ['scam'] },
    { value: '0912 000 222', categories: ['scam'] },
    { value: 'vietcombank.com.vn', verdict: 'trusted', categories: [] },
  ]);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = t.app.server.address() as { port: number };
  base = `http://127.0.0.1:${port}`;
});
afterAll(() => t.close());

// Headers that differ between any two answers, whoever gives them.
const VOLATILE = new Set(['date', 'x-request-id', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'keep-alive', 'connection']);

type Case = { name: string; query: string; headers?: Record<string, string> };

const SAME_ANSWERS: Case[] = [
  { name: 'a listed subdomain under a wildcard', query: 'value=dang-nhap.lua-dao-ngan-hang.example.net' },
  { name: 'a listed URL, in English', query: 'value=https%3A%2F%2Fshop.example.org%2Fkhuyen-mai&lang=en' },
  { name: 'a phone number written another way', query: 'value=%2B84%20912%20000%20222' },
  { name: 'a trusted domain with its type given', query: 'value=VIETCOMBANK.com.vn&type=domain' },
  { name: 'an unlisted value, language from Accept-Language', query: 'value=chua-ai-bao.example.vn', headers: { 'accept-language': 'en-GB,en;q=0.8' } },
  { name: 'an IDN domain', query: `value=${encodeURIComponent('ngânhàng.example.vn')}` },
  { name: 'free text', query: `value=${encodeURIComponent('Chúc mừng bạn trúng thưởng')}` },
];

describe('the check in the fast lane', () => {
  it.each(SAME_ANSWERS)('answers $name as the Fastify route does', async ({ query, headers = {} }) => {
    const answered = t.app.fastLane.answered;
    const viaLane = await fetch(`${base}/api/v1/check?${query}`, { headers });
    expect(t.app.fastLane.answered).toBe(answered + 1);
    const viaFastify = await t.app.inject({ method: 'GET', url: `/api/v1/check?${query}`, headers });
    expect(viaLane.status).toBe(viaFastify.statusCode);
    expect(await viaLane.text()).toBe(viaFastify.body);
    const laneHeaders = Object.fromEntries([...viaLane.headers].filter(([name]) => !VOLATILE.has(name)));
    const fastifyHeaders = Object.fromEntries(Object.entries(viaFastify.headers).filter(([name]) => !VOLATILE.has(name)).map(([name, value]) => [name, String(value)]));
    expect(laneHeaders).toEqual(fastifyHeaders);
  });

  it('leaves errors, sessions and tokens to the Fastify route', async () => {
    const answered = t.app.fastLane.answered;
    const unparsable = await fetch(`${base}/api/v1/check?value=http%3A%2F%2F&type=url`);
    expect(unparsable.status).toBe(400);
    expect(await unparsable.json()).toMatchObject({ error: { code: 'TARGET_INVALID', details: [{ field: 'value' }] } });
    expect((await fetch(`${base}/api/v1/check?value=a.example&type=planet`)).status).toBe(400);
    expect((await fetch(`${base}/api/v1/check`)).status).toBe(400);
    // An unknown token is refused even on a public route, as everywhere.
    expect((await fetch(`${base}/api/v1/check?value=a.example.vn`, { headers: { authorization: 'Bearer antoan_nope' } })).status).toBe(401);
    // A page's own fetch carries the locale cookie: Fastify reads it.
    const withCookie = await fetch(`${base}/api/v1/check?value=a.example.vn`, { headers: { cookie: 'antoan_lang=en' } });
    expect(((await withCookie.json()) as { advice: string }).advice).toMatch(/Not in our data/);
    expect(t.app.fastLane.answered).toBe(answered);
  });

  it('answers from the live index: a delisting shows at once', async () => {
    const before = (await (await fetch(`${base}/api/v1/check?value=0912000222`)).json()) as { verdict: string };
    expect(before.verdict).toBe('dangerous');
    await list(t, [{ value: '0912 000 222', verdict: 'trusted', categories: [] }]);
    const after = (await (await fetch(`${base}/api/v1/check?value=0912000222`)).json()) as { verdict: string };
    expect(after.verdict).not.toBe('dangerous');
  });
});
