// The triage queue over the API (priority, the first-review deadline, filters,
// search, paging) and the public statistics, each on its own database so the
// expected lists and counts are exact.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, type TestApp } from './helpers/app.ts';
import { call, newCase, person, verifyBody, type ErrorBody, type Person } from './helpers/cases.ts';
import { caseOf, submit } from './helpers/reports.ts';

type Summary = { id: string; number: number; ref: string; status: string; priority: number; overdue: boolean };
type Queue = { items: Summary[]; total: number };

const HOUR = 3_600_000;

/** Sessions last an hour of the test clock, which these tests move by days: a fresh one for each call. */
const sessionOf = async (t: TestApp, who: Person) => (await t.session(who.id)).headers;

describe('the triage queue', () => {
  let t: TestApp;
  let analyst: Person;
  // O1: "other", the oldest; then C (child safety), S (scam), O2 (other) 20 h later.
  const c = {} as Record<'O1' | 'C' | 'S' | 'O2', string>;
  const T0 = new Date('2025-03-10T02:00:00Z');
  const T1 = new Date(T0.getTime() + 20 * HOUR);

  const queue = async (query = '') => json<Queue>(await call(t, await sessionOf(t, analyst), 'GET', `/api/v1/cases${query}`));
  const idsOf = async (query: string) => (await queue(query)).items.map((x) => x.id);

  beforeAll(async () => {
    t = await createTestApp({ start: T0 });
    analyst = await person(t, (await t.org({ kind: 'authority', scope: 'national' })).id, 'analyst');
    c.O1 = (await newCase(t, { category: 'other', province: 'hue', description: 'Quảng cáo vay tiền nhanh không cần thế chấp.' })).id;
    t.clock.set(T1);
    c.C = (await newCase(t, { category: 'child_safety', province: 'ha-noi', targets: [{ value: 'ke-xau@example.com' }] })).id;
    c.S = (await newCase(t, { category: 'scam', province: 'hue', description: 'Kẻ lừa đảo gọi điện xưng là công an.', targets: [{ value: '+84912345678' }] })).id;
    c.O2 = (await newCase(t, { category: 'other', targets: [{ value: 'tro-choi@example.com' }] })).id;
  });
  afterAll(() => t.close());

  it('puts child safety above scam above other, and raises a case past its first-review deadline', async () => {
    expect(await idsOf('')).toEqual([c.C, c.S, c.O1, c.O2]);
    // 24 h after O1 arrived (rule case.first_review), it is overdue and climbs above the newer scam case.
    t.clock.set(new Date(T0.getTime() + 25 * HOUR));
    const { items } = await queue();
    expect(items.map((x) => x.id)).toEqual([c.C, c.O1, c.S, c.O2]);
    expect(items.map((x) => x.overdue)).toEqual([false, true, false, false]);
    const priorities = items.map((x) => x.priority);
    expect(priorities).toEqual([...priorities].sort((a, b) => b - a));
    const single = json<Summary>(await call(t, await sessionOf(t, analyst), 'GET', `/api/v1/cases/${c.O1}`));
    expect(single).toMatchObject({ overdue: true, priority: items[1]?.priority });
  });

  it.each([
    ['category', '?category=scam', ['S']],
    ['category', '?category=child_safety', ['C']],
    ['target type', '?targetType=email', ['C', 'O2']],
    ['target type', '?targetType=phone', ['S']],
    ['province', '?province=hue', ['O1', 'S']],
    ['from (reported since)', `?from=${T1.toISOString()}`, ['C', 'S', 'O2']],
    ['to (first reported before)', `?to=${T1.toISOString()}`, ['O1']],
    ['text, accents aside', `?q=${encodeURIComponent('lua dao')}`, ['S']],
    ['text with accents', `?q=${encodeURIComponent('lừa đảo')}`, ['S']],
    ['a target as typed', `?q=${encodeURIComponent('0912 345 678')}`, ['S']],
  ] as const)('filters by %s: %s', async (_name, query, expected) => {
    const found = await queue(query);
    expect(new Set(found.items.map((x) => x.id))).toEqual(new Set(expected.map((k) => c[k])));
    expect(found.total).toBe(expected.length);
  });

  it('filters by status (open by default, one status, or all)', async () => {
    await call(t, await sessionOf(t, analyst), 'POST', `/api/v1/cases/${c.O2}/decisions`, { outcome: 'rejected', reason: 'Không có căn cứ.' });
    await call(t, await sessionOf(t, analyst), 'POST', `/api/v1/cases/${c.S}/claim`);
    expect(new Set(await idsOf(''))).toEqual(new Set([c.O1, c.C, c.S]));
    expect(await idsOf('?status=in_review')).toEqual([c.S]);
    expect(await idsOf('?status=rejected')).toEqual([c.O2]);
    expect(new Set(await idsOf('?status=all'))).toEqual(new Set(Object.values(c)));
  });

  it('pages with limit and offset, counts the total, and finds VV-12 by reference', async () => {
    for (let i = 0; i < 12; i++) await newCase(t, { category: 'gambling', description: `Trang cá cược số ${i}` });
    const pages = [await queue('?category=gambling&limit=5'), await queue('?category=gambling&limit=5&offset=5'), await queue('?category=gambling&limit=5&offset=10')];
    expect(pages.map((p) => p.items.length)).toEqual([5, 5, 2]);
    expect(pages.map((p) => p.total)).toEqual([12, 12, 12]);
    expect(new Set(pages.flatMap((p) => p.items.map((x) => x.id))).size).toBe(12);
    const byRef = await queue('?q=VV-12');
    expect(byRef.items.map((x) => x.ref)).toEqual(['VV-12']);
  });

  it.each(['?limit=0', '?limit=101', '?status=closed', '?from=yesterday', '?category=spam'])('refuses %s with a 400', async (query) => {
    const response = await call(t, await sessionOf(t, analyst), 'GET', `/api/v1/cases${query}`);
    expect(response.statusCode).toBe(400);
    expect(json<ErrorBody>(response).error.code).toBe('VALIDATION_FAILED');
  });
});

describe('public statistics', () => {
  let t: TestApp;
  const T0 = new Date('2025-03-10T02:00:00Z'); // 09:00 on 10 March in Vietnam
  const LATE = new Date('2025-03-10T18:30:00Z'); // 01:30 on 11 March in Vietnam, still the 10th in UTC
  const secrets: string[] = [];
  const stats = (query = '') => call(t, {}, 'GET', `/api/v1/stats${query}`);

  beforeAll(async () => {
    t = await createTestApp({ start: T0 });
    const analyst = await person(t, (await t.org({ kind: 'authority', scope: 'national' })).id, 'analyst');
    const remember = async (sent: { ticket: string; id: string }) => {
      secrets.push(sent.ticket, sent.id, await caseOf(t, sent.id));
      return sent;
    };
    const scamTarget = 'https://thong-ke-lua-dao.example.com/otp';
    const scam = await remember(await submit(t, { category: 'scam', targets: [{ value: scamTarget }], contact: 'nguoi.bao@example.vn', description: 'Mô tả riêng tư số một của người báo.' }));
    for (let i = 0; i < 2; i++) await remember(await submit(t, { category: 'scam', targets: [{ value: scamTarget }] }));
    const phishing = await remember(await submit(t, { category: 'phishing', targets: [{ value: '0988 777 666' }] }));
    secrets.push(scamTarget, 'nguoi.bao', 'Mô tả riêng tư', '+84988777666', '0988 777 666');
    const scamCase = await caseOf(t, scam.id);
    // First reviews after 2 h and 4 h (median 3 h); the scam case decided 5 h after its first report.
    t.clock.set(new Date(T0.getTime() + 2 * HOUR));
    await call(t, await sessionOf(t, analyst), 'POST', `/api/v1/cases/${scamCase}/claim`);
    t.clock.set(new Date(T0.getTime() + 4 * HOUR));
    await call(t, await sessionOf(t, analyst), 'POST', `/api/v1/cases/${await caseOf(t, phishing.id)}/claim`);
    t.clock.set(new Date(T0.getTime() + 5 * HOUR));
    await call(t, await sessionOf(t, analyst), 'POST', `/api/v1/cases/${scamCase}/decisions`, verifyBody());
    t.clock.set(LATE);
    await remember(await submit(t, { category: 'phishing' }));
    await remember(await submit(t, { category: 'fake_news' }));
    t.clock.set(new Date(LATE.getTime() + HOUR / 2));
  });
  afterAll(() => t.close());

  it('counts by category, status and Vietnamese day, with median handling times, to anyone', async () => {
    const response = await stats();
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('public, max-age=60');
    const body = json<Record<string, unknown>>(response);
    expect(Object.keys(body).sort()).toEqual(['byCategory', 'byDay', 'byStatus', 'medianHoursToDecision', 'medianHoursToFirstReview', 'reports', 'since', 'until']);
    expect(body).toMatchObject({
      reports: 6,
      byCategory: { scam: 3, phishing: 2, fake_news: 1, defamation: 0, other: 0 },
      byStatus: { verified: 3, in_review: 1, new: 2, rejected: 0, duplicate: 0 },
      byDay: [
        { day: '2025-03-10', reports: 4 },
        { day: '2025-03-11', reports: 2 },
      ],
      medianHoursToFirstReview: 3,
      medianHoursToDecision: 5,
    });
  });

  it('counts only the last `days` days', async () => {
    t.clock.set(new Date(T0.getTime() + 25 * HOUR));
    const body = json<{ reports: number; byCategory: Record<string, number> }>(await stats('?days=1'));
    expect(body.reports).toBe(2);
    expect(body.byCategory).toMatchObject({ scam: 0, phishing: 1, fake_news: 1 });
  });

  it.each(['?days=0', '?days=366', '?days=many'])('refuses %s with a 400', async (query) => {
    const response = await stats(query);
    expect(response.statusCode).toBe(400);
    expect(json<ErrorBody>(response).error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'querystring.days' }] });
  });

  it('shows no ticket, id, contact, description or target', async () => {
    const body = (await stats('?days=365')).body;
    expect(secrets.length).toBeGreaterThan(10);
    for (const secret of secrets) expect(body).not.toContain(secret);
  });
});
