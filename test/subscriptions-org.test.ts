// An organisation's email subscriptions: who may list, add and remove them (the isolation matrix),
// the page its admins use, and a confirmation email actually delivered by the dispatcher.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, type TestApp } from './helpers/app.ts';
import { formBody, FORM_CONTENT_TYPE, hiddenCsrf } from './helpers/form-posts.ts';
import { startSmtpServer, type SmtpTestServer } from './helpers/smtp.ts';

let t: TestApp;
let smtp: SmtpTestServer;
let own: string, other: string;
let ownAdmin: Record<string, string>, otherAdmin: Record<string, string>, responder: Record<string, string>, national: Record<string, string>;
beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await createTestApp({ start: new Date('2026-09-01T02:00:00Z'), config: { smtp: { url: smtp.url, from: 'antoan@test' } } });
  own = (await t.org({ kind: 'platform' })).id;
  other = (await t.org({ kind: 'platform' })).id;
  ownAdmin = (await t.session((await t.user(own, 'org_admin')).id)).headers;
  otherAdmin = (await t.session((await t.user(other, 'org_admin')).id)).headers;
  responder = (await t.session((await t.user(own, 'responder')).id)).headers;
  national = await t.adminHeaders();
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const base = (orgId: string) => `/api/v1/orgs/${orgId}/email-subscriptions`;
const add = (orgId: string, headers: Record<string, string>, address = 'soc@example.vn') => t.app.inject({ method: 'POST', url: base(orgId), headers, payload: { address, eventTypes: ['advisory.published', 'takedown.issued'] } });
const codeOf = (response: { body: string }) => json<{ error: { code: string } }>(response).error.code;

describe('the API', () => {
  it('lets the organisation’s admin add, list and remove addresses', async () => {
    const created = await add(own, ownAdmin, 'SOC@Example.VN');
    expect(created.statusCode).toBe(201);
    const body = json<{ id: string; address: string; eventTypes: string[] }>(created);
    expect(body).toMatchObject({ address: 'soc@example.vn', eventTypes: ['advisory.published', 'takedown.issued'] });
    expect((await add(own, ownAdmin, 'soc@example.vn')).statusCode).toBe(409);
    const list = json<{ items: { id: string }[] }>(await t.app.inject({ method: 'GET', url: base(own), headers: ownAdmin }));
    expect(list.items.map((i) => i.id)).toContain(body.id);
    expect((await t.app.inject({ method: 'DELETE', url: `${base(own)}/${body.id}`, headers: ownAdmin })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'DELETE', url: `${base(own)}/${body.id}`, headers: ownAdmin })).statusCode).toBe(404);
  });

  it('refuses a bad address or event type', async () => {
    expect((await t.app.inject({ method: 'POST', url: base(own), headers: ownAdmin, payload: { address: 'nope', eventTypes: ['advisory.published'] } })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'POST', url: base(own), headers: ownAdmin, payload: { address: 'a@example.vn', eventTypes: ['case.decided'] } })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'POST', url: base(own), headers: ownAdmin, payload: { address: 'a@example.vn', eventTypes: [] } })).statusCode).toBe(400);
  });

  it('keeps organisations apart: another org’s admin finds nothing, a responder is forbidden, a token needs its scope', async () => {
    const mine = json<{ id: string }>(await add(own, ownAdmin, 'isolation@example.vn')).id;
    const theirs = json<{ id: string }>(await add(other, otherAdmin, 'theirs@example.vn')).id;
    for (const request of [
      { method: 'GET' as const, url: base(own) },
      { method: 'POST' as const, url: base(own), payload: { address: 'x@example.vn', eventTypes: ['advisory.published'] } },
      { method: 'DELETE' as const, url: `${base(own)}/${mine}` },
    ]) {
      const fromOther = await t.app.inject({ ...request, headers: otherAdmin });
      expect([fromOther.statusCode, codeOf(fromOther)]).toEqual([404, 'NOT_FOUND']);
      const fromResponder = await t.app.inject({ ...request, headers: responder });
      expect([fromResponder.statusCode, codeOf(fromResponder)]).toEqual([403, 'FORBIDDEN']);
      const readOnly = await t.app.inject({ ...request, headers: await t.token(own, ['org:read']) });
      expect([readOnly.statusCode, codeOf(readOnly)]).toEqual([403, 'SCOPE_MISSING']);
      const otherToken = await t.app.inject({ ...request, headers: await t.token(other, ['org:write']) });
      expect(otherToken.statusCode).toBe(404);
      expect((await t.app.inject({ method: request.method, url: request.url, ...(request.payload && { payload: request.payload }) })).statusCode).toBe(401);
    }
    // One organisation's path cannot reach another's subscription.
    expect((await t.app.inject({ method: 'DELETE', url: `${base(own)}/${theirs}`, headers: ownAdmin })).statusCode).toBe(404);
    const listed = json<{ items: { id: string }[] }>(await t.app.inject({ method: 'GET', url: base(other), headers: otherAdmin }));
    expect(listed.items.map((i) => i.id)).toContain(theirs);
    // A token with the scope, and the national admin, may.
    expect((await t.app.inject({ method: 'GET', url: base(own), headers: await t.token(own, ['org:write']) })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'DELETE', url: `${base(other)}/${theirs}`, headers: national })).statusCode).toBe(204);
  });
});

describe('the page', () => {
  it('lists the addresses and adds and removes them by form', async () => {
    const cookie = { cookie: ownAdmin.cookie ?? '' };
    const page = await t.app.inject({ method: 'GET', url: '/org/notifications', headers: cookie });
    expect(page.statusCode).toBe(200);
    const csrf = hiddenCsrf(page.body) ?? '';
    const headers = { ...cookie, 'content-type': FORM_CONTENT_TYPE };
    const added = await t.app.inject({ method: 'POST', url: '/org/notifications/addresses', headers, payload: formBody({ _csrf: csrf, org: own, address: 'page@example.vn', eventTypes: ['advisory.published'] }) });
    expect(added.statusCode).toBe(303);
    const after = await t.app.inject({ method: 'GET', url: added.headers.location ?? '', headers: cookie });
    expect(after.body).toContain('page@example.vn');
    const row = after.body.split('<tr').find((r) => r.includes('page@example.vn')) ?? '';
    const id = new RegExp('/org/notifications/addresses/([0-9a-f-]{36})/remove').exec(row)?.[1] ?? '';
    const bad = await t.app.inject({ method: 'POST', url: '/org/notifications/addresses', headers, payload: formBody({ _csrf: csrf, org: own, address: 'nope', eventTypes: ['advisory.published'] }) });
    expect(bad.statusCode).toBe(400);
    const removed = await t.app.inject({ method: 'POST', url: `/org/notifications/addresses/${id}/remove`, headers, payload: formBody({ _csrf: csrf, org: own }) });
    expect(removed.statusCode).toBe(303);
    expect((await t.app.inject({ method: 'GET', url: '/org/notifications', headers: cookie })).body).not.toContain('page@example.vn');
    expect((await t.app.inject({ method: 'POST', url: '/org/notifications/addresses', headers, payload: formBody({ org: own, address: 'x@example.vn' }) })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: `/org/notifications?org=${other}`, headers: cookie })).statusCode).toBe(404);
  });
});

describe('delivery', () => {
  it('sends the confirmation email with its link through the dispatcher', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/subscriptions', payload: { email: 'delivered@example.vn', locale: 'en', categories: ['scam'] } });
    expect(response.statusCode).toBe(202);
    await t.deliverNotifications();
    const [mail] = await smtp.waitFor(1);
    expect(mail?.to).toEqual(['delivered@example.vn']);
    expect(mail?.subject).toBe('[antoan] Confirm your advisory subscription');
    expect(mail?.text).toMatch(/\/subscriptions\/confirm\?token=/);
    expect(mail?.text).toContain('Scam or fraud');
  });
});
