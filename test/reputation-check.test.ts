// The check (GET/POST /api/v1/check) over the live index: listings from verified case decisions,
// the answer's explanation, expiry by the TTL rules, revocation, precedence, and the change log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeIndicators } from '../src/modules/reputation/listings.ts';
import { expireListings } from '../src/runtime.ts';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { person, type Person } from './helpers/cases.ts';
import { check, historyOf, list, verifiedCase } from './helpers/reputation.ts';

let t: TestApp;
let analyst: Person;
const DAY = 86_400_000;

beforeAll(async () => {
  t = await createTestApp({ start: new Date('2026-03-02T03:00:00Z') });
  const national = await t.org({ kind: 'authority', scope: 'national' });
  analyst = await person(t, national.id, 'analyst');
});
afterAll(() => t.close());

describe('listings from verified case decisions', () => {
  it('lists every target of a verified case and explains the verdict', async () => {
    await verifiedCase(t, analyst, [{ value: 'https://vietcombank-qua-tang.example.net/nhan-qua' }, { value: '0912 000 111' }], { verdict: 'dangerous', categories: ['scam', 'impersonation'] });
    const url = await check(t, 'HTTPS://vietcombank-qua-tang.example.NET/nhan-qua');
    expect(url).toMatchObject({ type: 'url', normalized: 'https://vietcombank-qua-tang.example.net/nhan-qua', verdict: 'dangerous', reportCount: 1 });
    expect(url.categories.sort()).toEqual(['impersonation', 'scam']);
    expect(url.firstSeen).toBe('2026-03-02T03:00:00.000Z');
    expect(url.lastVerified).toBe('2026-03-02T03:00:00.000Z');
    expect(url.matches[0]).toMatchObject({ source: 'case', verdict: 'dangerous' });
    expect(url.advice).toMatch(/OTP/);
    const phone = await check(t, '+84 912 000 111');
    expect(phone).toMatchObject({ type: 'phone', normalized: '+84912000111', verdict: 'dangerous' });
    // A phone listing lives a year by the seeded rule; a URL 90 days.
    expect(new Date(phone.matches[0]?.expiresAt ?? 0).getTime() - Date.parse('2026-03-02T03:00:00Z')).toBe(365 * DAY);
    expect(new Date(url.matches[0]?.expiresAt ?? 0).getTime() - Date.parse('2026-03-02T03:00:00Z')).toBe(90 * DAY);
  });

  it('does not list the targets of a rejected case', async () => {
    const { newCase, call } = await import('./helpers/cases.ts');
    const made = await newCase(t, { targets: [{ value: 'khong-phai-lua-dao.example.org' }] });
    const response = await call(t, analyst.headers, 'POST', `/api/v1/cases/${made.id}/decisions`, { outcome: 'rejected', reason: 'Không có dấu hiệu vi phạm.' });
    expect(response.statusCode).toBe(201);
    await t.catchUpIndex();
    expect((await check(t, 'khong-phai-lua-dao.example.org')).verdict).toBe('unknown');
  });
});

describe('the answer for unknown and malformed values', () => {
  it('answers unknown with advice, in Vietnamese by default and in English on request', async () => {
    const vi = await check(t, 'chua-ai-bao-cao.example.vn');
    expect(vi).toMatchObject({ verdict: 'unknown', categories: [], matches: [], firstSeen: null, lastVerified: null, reportCount: 0 });
    expect(vi.advice).toMatch(/Chưa có trong dữ liệu/);
    const en = await t.app.inject({ method: 'GET', url: '/api/v1/check?value=chua-ai-bao-cao.example.vn&lang=en' });
    expect(en.json<{ advice: string }>().advice).toMatch(/Not in our data/);
  });

  it('refuses a value that cannot be parsed with a 400 naming the reason', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/check?value=http%3A%2F%2F&type=url' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: 'TARGET_INVALID', details: [{ field: 'value' }] } });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/check' })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/check?value=x&type=planet' })).statusCode).toBe(400);
  });

  it('checks a batch, each value on its own; more than 1,000 items is refused', async () => {
    await list(t, [{ value: 'lo-tien.example.com' }]);
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/check', payload: { items: ['lo-tien.example.com', { value: 'an-toan.example.com', type: 'domain' }, { value: 'abc', type: 'phone' }] } });
    expect(response.statusCode).toBe(200);
    const body = response.json<{ serial: number; results: ({ verdict: string } | { value: string; error: { code: string } })[] }>();
    expect(body.results.map((r) => ('verdict' in r ? r.verdict : r.error.code))).toEqual(['dangerous', 'unknown', 'TARGET_INVALID']);
    const tooMany = await t.app.inject({ method: 'POST', url: '/api/v1/check', payload: { items: Array.from({ length: 1001 }, (_, i) => `x${i}.example.com`) } });
    expect(tooMany.statusCode).toBe(400);
  });
});

describe('precedence', () => {
  it('a trusted exact host outranks a dangerous wildcard on its registrable domain; a dangerous URL path outranks both', async () => {
    await list(t, [
      { value: '*.ngan-hang.example.com', verdict: 'dangerous' },
      { value: 'www.ngan-hang.example.com', type: 'domain', verdict: 'trusted', source: 'registry', sourceKey: 'registry' },
      { value: 'http://www.ngan-hang.example.com/khuyen-mai/', verdict: 'dangerous' },
    ]);
    expect((await check(t, 'www.ngan-hang.example.com')).verdict).toBe('trusted');
    expect((await check(t, 'otp.ngan-hang.example.com')).verdict).toBe('dangerous');
    expect((await check(t, 'https://www.ngan-hang.example.com/dang-nhap')).verdict).toBe('trusted');
    expect((await check(t, 'http://www.ngan-hang.example.com/khuyen-mai/nhan-qua')).verdict).toBe('dangerous');
  });

  it('at equal specificity dangerous beats trusted', async () => {
    await list(t, [
      { value: 'tranh-chap.example.com', verdict: 'trusted', sourceKey: 'registry', source: 'registry' },
      { value: 'tranh-chap.example.com', verdict: 'dangerous', sourceKey: 'import:other' },
    ]);
    const answer = await check(t, 'tranh-chap.example.com');
    expect(answer.verdict).toBe('dangerous');
    expect(answer.matches.map((m) => m.verdict)).toEqual(['dangerous', 'trusted']);
  });
});

describe('expiry, revocation and the change log', () => {
  it('a listing stops matching at its expiry, and the worker marks it expired with a history line', async () => {
    const local = await createTestApp({ start: new Date('2026-01-10T00:00:00Z') });
    try {
      await list(local, [{ value: 'http://het-han.example.com/' }, { value: '0987 654 321' }]);
      expect((await check(local, 'http://het-han.example.com/')).verdict).toBe('dangerous');
      local.clock.advance(91 * DAY);
      // Not yet marked expired, but past its time: the check no longer counts it.
      expect((await check(local, 'http://het-han.example.com/')).verdict).toBe('unknown');
      expect((await check(local, '0987654321')).verdict).toBe('dangerous');
      expect(await expireListings(local)).toBe(1);
      expect(await expireListings(local)).toBe(0);
      await local.catchUpIndex();
      expect(local.app.reputationIndex.index.size).toBe(1);
      expect((await historyOf(local, 'http://het-han.example.com/')).map((h) => h.action)).toEqual(['listed', 'expired']);
      // Seen again by a source: listed again.
      await list(local, [{ value: 'http://het-han.example.com/' }]);
      expect((await check(local, 'http://het-han.example.com/')).verdict).toBe('dangerous');
      expect((await historyOf(local, 'http://het-han.example.com/')).map((h) => h.action)).toEqual(['listed', 'expired', 'relisted']);
    } finally {
      await local.close();
    }
  });

  it('re-applying the same listings changes nothing; a revoked listing stays revoked until a case reinstates it', async () => {
    const listing = [{ value: 'bi-thu-hoi.example.com', categories: ['phishing'] }];
    const first = await list(t, listing);
    expect(first.added).toBe(1);
    const again = await list(t, listing);
    expect(again).toMatchObject({ added: 0, updated: 0, unchanged: 1, serial: first.serial });
    const before = t.app.reputationIndex.serial;
    const [row] = (await t.database.sql.executeSql("select id from indicators where value = 'bi-thu-hoi.example.com'")).rows as { id: string }[];
    await t.database.transaction((tx) => revokeIndicators(tx, t.ctx(), [row?.id ?? ''], 'appeal granted'));
    await t.catchUpIndex();
    expect(t.app.reputationIndex.serial).toBe(before + 1);
    expect((await check(t, 'bi-thu-hoi.example.com')).verdict).toBe('unknown');
    expect(await list(t, listing)).toMatchObject({ added: 0, skipped: 1 });
    expect((await check(t, 'bi-thu-hoi.example.com')).verdict).toBe('unknown');
    await list(t, listing, { reinstate: true });
    expect((await check(t, 'bi-thu-hoi.example.com')).verdict).toBe('dangerous');
    expect((await historyOf(t, 'bi-thu-hoi.example.com')).map((h) => [h.action, h.note])).toEqual([
      ['listed', null],
      ['revoked', 'appeal granted'],
      ['reinstated', null],
    ]);
  });

  it('serials increase by one per change and the index of another process catches up incrementally', async () => {
    const { LiveIndex } = await import('../src/modules/reputation/index.ts');
    const other = new LiveIndex();
    await other.catchUp(t.database.db);
    const start = other.serial;
    const result = await list(t, [{ value: 'a1.example.com' }, { value: 'a2.example.com' }, { value: 'a3.example.com' }]);
    expect(result.serial).toBe(start + 3);
    expect(await other.catchUp(t.database.db)).toBe(3);
    expect(other.serial).toBe(start + 3);
    expect(await other.catchUp(t.database.db)).toBe(0);
    expect(other.index.size).toBe(t.app.reputationIndex.index.size);
  });
});
