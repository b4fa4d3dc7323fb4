// The takedown sweeps with a moved clock (open requests past their deadline become overdue once;
// those nearing it are reminded once) and the newest-first cursor of the inbox and the issuer's list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepTakedowns } from '../src/modules/takedowns/index.ts';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { rows, type ErrorBody } from './helpers/cases.ts';
import { actioned, declined, detail, historyKinds, HOUR, issue, member, send, vn, type Caller, type RequestPageJson, type TakedownJson } from './helpers/takedown-api.ts';

let t: TestApp;
const T = vn('2026-05-04T09:00:00');
const at = (hours: number) => new Date(T.getTime() + hours * HOUR);

beforeAll(async () => {
  t = await createTestApp({ start: T });
});
afterAll(() => t.close());

/** Run the sweeps as the worker would, at `when`. */
async function sweepAt(when: Date) {
  t.clock.set(when);
  return sweepTakedowns(t.database, when);
}

const ids = (page: RequestPageJson) => page.items.map((item) => item.id);

describe('the overdue and reminder sweeps', () => {
  let analyst: Caller;
  let supervisor: Caller;
  let responder: Caller;
  /** Requests left at each step before the deadline, and one issued later. */
  const r = {} as Record<'open' | 'delivered' | 'acknowledged' | 'declined' | 'withdrawn' | 'later', TakedownJson>;

  beforeAll(async () => {
    const authority = await t.org({ kind: 'authority', scope: 'provincial', provinceCode: 'da-nang' });
    const platform = await t.org({ kind: 'platform' });
    analyst = await member(t, authority.id, 'analyst');
    supervisor = await member(t, authority.id, 'supervisor');
    responder = await member(t, platform.id, 'responder');
    t.clock.set(T);
    r.open = await issue(t, analyst, platform.id);
    r.delivered = await issue(t, analyst, platform.id);
    r.acknowledged = await issue(t, analyst, platform.id);
    r.declined = await issue(t, analyst, platform.id);
    r.withdrawn = await issue(t, analyst, platform.id);
    t.clock.set(at(1));
    await detail(t, responder, r.delivered.id);
    expect((await send(t, responder, 'POST', `/api/v1/takedowns/${r.acknowledged.id}/acknowledge`)).statusCode).toBe(200);
    expect((await send(t, responder, 'POST', `/api/v1/takedowns/${r.declined.id}/response`, declined)).statusCode).toBe(200);
    expect((await send(t, supervisor, 'POST', `/api/v1/takedowns/${r.withdrawn.id}/withdraw`, { reason: 'Trang đã tự gỡ.' })).statusCode).toBe(200);
    t.clock.set(at(20));
    r.later = await issue(t, analyst, platform.id);
    expect([r.open.dueAt, r.later.dueAt]).toEqual([at(24).toISOString(), at(44).toISOString()]);
  });

  it('reminds each open request once, when its deadline is within the two hours of takedown.reminder_before', async () => {
    expect(await sweepAt(at(21.5))).toEqual({ overdue: 0, reminded: 0 });
    // One hour before the deadline: the three still open are reminded; answered, withdrawn and later ones are not.
    expect(await sweepAt(at(23))).toEqual({ overdue: 0, reminded: 3 });
    expect(await sweepAt(at(23.5))).toEqual({ overdue: 0, reminded: 0 });
    for (const request of [r.open, r.delivered, r.acknowledged]) {
      expect((await historyKinds(t, analyst, request.id)).filter((kind) => kind === 'reminded'), request.id).toHaveLength(1);
    }
    for (const request of [r.declined, r.withdrawn, r.later]) expect(await historyKinds(t, analyst, request.id)).not.toContain('reminded');
  });

  it('marks open requests past their deadline overdue once, with a history line, and leaves answered and withdrawn ones alone', async () => {
    expect(await sweepAt(at(25))).toEqual({ overdue: 3, reminded: 0 });
    for (const request of [r.open, r.delivered, r.acknowledged]) {
      const seen = await detail(t, analyst, request.id);
      expect(seen.request).toMatchObject({ overdue: true, overdueAt: at(25).toISOString(), status: request === r.open ? 'issued' : request === r.delivered ? 'delivered' : 'acknowledged' });
      expect(seen.history.at(-1)).toMatchObject({ kind: 'overdue', actorName: 'system', at: at(25).toISOString() });
    }
    for (const request of [r.declined, r.withdrawn, r.later]) {
      const seen = await detail(t, analyst, request.id);
      expect(seen.request.overdueAt, request.id).toBeNull();
      expect(seen.history.map((line) => line.kind)).not.toContain('overdue');
    }
    // Idempotent: the same instant, and later, mark nothing new.
    expect(await sweepAt(at(25))).toEqual({ overdue: 0, reminded: 0 });
    expect(await sweepAt(at(30))).toEqual({ overdue: 0, reminded: 0 });
    const [lines] = await rows<{ n: number }>(t, "select count(*)::int as n from takedown_events where kind = 'overdue'");
    expect(lines?.n).toBe(3);
  });

  it('lists the overdue ones for the issuer and the recipient', async () => {
    const overdue = [r.open.id, r.delivered.id, r.acknowledged.id].sort();
    const issued = await send(t, analyst, 'GET', '/api/v1/takedowns?overdue=true');
    expect(ids(issued.json<RequestPageJson>()).sort()).toEqual(overdue);
    const notOverdue = await send(t, analyst, 'GET', '/api/v1/takedowns?overdue=false');
    expect(ids(notOverdue.json<RequestPageJson>()).sort()).toEqual([r.declined.id, r.withdrawn.id, r.later.id].sort());
    const inbox = await send(t, responder, 'GET', '/api/v1/takedowns/inbox?overdue=true');
    expect(ids(inbox.json<RequestPageJson>()).sort()).toEqual(overdue);
  });

  it('still takes a late answer, which stays marked overdue; the later request gets its own reminder and deadline', async () => {
    t.clock.set(at(31));
    const late = await send(t, responder, 'POST', `/api/v1/takedowns/${r.open.id}/response`, actioned);
    expect(late.json<TakedownJson>()).toMatchObject({ status: 'actioned', overdue: true });
    expect(await sweepAt(at(43))).toEqual({ overdue: 0, reminded: 1 });
    // At the deadline instant an answer is still on time, so nothing is overdue yet; a millisecond later it is.
    expect(await sweepAt(at(44))).toEqual({ overdue: 0, reminded: 0 });
    expect(await sweepAt(new Date(at(44).getTime() + 1))).toEqual({ overdue: 1, reminded: 0 });
    expect(await historyKinds(t, analyst, r.later.id)).toEqual(['issued', 'reminded', 'overdue']);
    expect(await sweepAt(at(50))).toEqual({ overdue: 0, reminded: 0 });
  });
});

describe('the newest-first cursor', () => {
  let analyst: Caller;
  let responder: Caller;
  let issued: TakedownJson[];

  beforeAll(async () => {
    const authority = await t.org({ kind: 'authority', scope: 'provincial', provinceCode: 'can-tho' });
    const platform = await t.org({ kind: 'platform' });
    analyst = await member(t, authority.id, 'analyst');
    responder = await member(t, platform.id, 'responder');
    t.clock.set(vn('2026-06-01T09:00:00'));
    issued = [];
    // Seven requests over five instants: two pairs share their issue time, so the id breaks ties.
    for (const step of [0, 0, 1, 2, 2, 3, 4]) {
      t.clock.set(new Date(vn('2026-06-01T09:00:00').getTime() + step * 1000));
      issued.push(await issue(t, analyst, platform.id));
    }
  });

  /** Every page of a list, following nextCursor. */
  async function walk(caller: Caller, url: string, limit: number) {
    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const response = await send(t, caller, 'GET', `${url}?limit=${limit}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`);
      expect(response.statusCode).toBe(200);
      const page = response.json<RequestPageJson>();
      pages.push(ids(page));
      cursor = page.nextCursor;
    } while (cursor !== null && pages.length < 10);
    return pages;
  }

  const newestFirst = () =>
    [...issued]
      .sort((a, b) => b.issuedAt.localeCompare(a.issuedAt) || b.id.localeCompare(a.id))
      .map((request) => request.id);

  it('pages the inbox 3, 3, 1 without duplicates, newest first (ties by id), delivering what it shows', async () => {
    const first = await send(t, responder, 'GET', '/api/v1/takedowns/inbox?limit=3');
    expect(first.json<RequestPageJson>().items.every((item) => item.status === 'delivered')).toBe(true);
    // Only the page shown was delivered.
    const [shown] = await rows<{ n: number }>(t, "select count(*)::int as n from takedown_requests where recipient_org_id = $1 and status = 'delivered'", [issued[0]?.recipientOrgId]);
    expect(shown?.n).toBe(3);

    const pages = await walk(responder, '/api/v1/takedowns/inbox', 3);
    expect(pages.map((page) => page.length)).toEqual([3, 3, 1]);
    expect(pages.flat()).toEqual(newestFirst());
    expect(new Set(pages.flat()).size).toBe(7);
  });

  it("pages the issuer's list the same way", async () => {
    const pages = await walk(analyst, '/api/v1/takedowns', 3);
    expect(pages.map((page) => page.length)).toEqual([3, 3, 1]);
    expect(pages.flat()).toEqual(newestFirst());
  });

  it('refuses a cursor it did not give with 400 naming cursor', async () => {
    const forge = (text: string) => Buffer.from(text).toString('base64url');
    const id = issued[0]?.id ?? '';
    // Forged ones that decode to a time and something like an id, which the database would refuse.
    const forged = [forge(`2026-06-01T02:00:00.000Z|${'-'.repeat(36)}`), forge(`0000-01-01T00:00:00.000Z|${id}`), forge(`+275760-09-13T00:00:00.000Z|${id}`)];
    for (const cursor of ['garbage', 'bm90LWEtY3Vyc29y', ...forged]) {
      for (const url of ['/api/v1/takedowns/inbox', '/api/v1/takedowns']) {
        const response = await send(t, url.endsWith('inbox') ? responder : analyst, 'GET', `${url}?cursor=${cursor}`);
        expect(response.statusCode, `${url} ${cursor}`).toBe(400);
        expect(response.json<ErrorBody>().error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'cursor' }] });
      }
    }
  });
});
