// A citizen's advisory subscription end to end: the API and the form, double opt-in, the same answer
// whatever the address's state, confirmation links (once, a week, not by a mail scanner's GET), and
// one-click unsubscribe (RFC 8058 without a cookie, and the page's button).
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advisorySubscriptions, notifications } from '../src/modules/alerts/tables.ts';
import { unsubscribeToken } from '../src/modules/alerts/subscriptions/model.ts';
import { createTestApp, json, type TestApp } from './helpers/app.ts';
import { formBody, FORM_CONTENT_TYPE, hiddenCsrf, openPublicForm, setCookieValue } from './helpers/form-posts.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ start: new Date('2026-09-01T02:00:00Z') });
});
afterAll(async () => {
  await t.close();
});

const subscribe = (payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/v1/subscriptions', payload });
const rowOf = async (id: string) => (await t.database.db.select().from(advisorySubscriptions).where(eq(advisorySubscriptions.id, id)))[0];
async function lastConfirmation() {
  const rows = await t.database.db.select().from(notifications).where(eq(notifications.template, 'subscription.confirm'));
  const last = rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || 0).at(-1);
  if (last === undefined) throw new Error('no confirmation queued');
  return { row: last, token: t.box.decrypt(String(last.data.sealedToken)), subscriptionId: String(last.data.subscriptionId) };
}
/** Open the confirmation page as a new visitor and press its button. */
async function confirmByPage(token: string) {
  const page = await t.app.inject({ method: 'GET', url: `/subscriptions/confirm?token=${encodeURIComponent(token)}` });
  if (page.statusCode !== 200) return page;
  const cookie = `antoan_csrf=${setCookieValue(page, 'antoan_csrf') ?? ''}`;
  return t.app.inject({ method: 'POST', url: '/subscriptions/confirm', headers: { cookie, 'content-type': FORM_CONTENT_TYPE }, payload: formBody({ _csrf: hiddenCsrf(page.body) ?? '', token }) });
}

describe('asking for advisories', () => {
  it('queues a confirmation email and stores the address encrypted, pending', async () => {
    const response = await subscribe({ email: 'Dan.Thuong@Example.VN', categories: ['scam', 'phishing'], minSeverity: 'high', locale: 'en' });
    expect(response.statusCode).toBe(202);
    const { row, subscriptionId } = await lastConfirmation();
    expect(row).toMatchObject({ channel: 'email', status: 'pending', locale: 'en' });
    expect(row.data).toMatchObject({ categories: ['scam', 'phishing'], minSeverity: 'high', change: false });
    expect(JSON.stringify(row.data)).not.toContain('example.vn');
    const stored = await rowOf(subscriptionId);
    expect(stored).toMatchObject({ status: 'pending', categories: ['scam', 'phishing'], minSeverity: 'high', locale: 'en' });
    expect(stored?.addressCiphertext).not.toContain('example');
    expect(t.box.decrypt(stored?.addressCiphertext ?? '')).toBe('dan.thuong@example.vn');
    expect(stored?.addressKey).toBe(t.box.sign('subscription:dan.thuong@example.vn'));
  });

  it('answers every request the same, whatever the address’s state', async () => {
    const fresh = await subscribe({ email: 'same-answer@example.vn' });
    const pending = await subscribe({ email: 'same-answer@example.vn' });
    expect((await confirmByPage((await lastConfirmation()).token)).statusCode).toBe(303);
    const confirmed = await subscribe({ email: 'same-answer@example.vn' });
    const { subscriptionId } = await lastConfirmation();
    await t.app.inject({ method: 'POST', url: `/subscriptions/unsubscribe?token=${encodeURIComponent(unsubscribeToken(t.box, subscriptionId))}`, headers: { 'content-type': FORM_CONTENT_TYPE }, payload: 'List-Unsubscribe=One-Click' });
    const unsubscribed = await subscribe({ email: 'same-answer@example.vn' });
    const answers = [fresh, pending, confirmed, unsubscribed].map((r) => ({ status: r.statusCode, body: r.body, type: r.headers['content-type'] }));
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]?.status).toBe(202);
    expect(json(fresh)).toEqual({ status: 'accepted', message: expect.any(String) as string });
  });

  it('refuses what is not an email address, naming the field', async () => {
    const response = await subscribe({ email: 'not an address' });
    expect(response.statusCode).toBe(400);
    expect(json<{ error: { details: { field: string }[] } }>(response).error.details.map((d) => d.field)).toContain('email');
    expect((await subscribe({ email: 'a@example.vn', minSeverity: 'loud' })).statusCode).toBe(400);
  });

  it('works from the form without JavaScript and shows the same page after', async () => {
    const visitor = await openPublicForm(t.app, '/subscribe');
    expect(visitor.html).toContain('name="categories"');
    t.clock.advance(5_000);
    const response = await t.app.inject({
      method: 'POST',
      url: '/subscribe',
      headers: { cookie: visitor.cookie, 'content-type': FORM_CONTENT_TYPE },
      payload: formBody({ _csrf: visitor.csrf, stamp: visitor.stamp, website: '', email: 'form@example.vn', categories: ['malware', 'data_leak'], minSeverity: 'low', locale: 'vi' }),
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/subscribe/sent');
    expect((await lastConfirmation()).row.data).toMatchObject({ categories: ['malware', 'data_leak'], minSeverity: 'low' });
    expect((await t.app.inject({ method: 'GET', url: '/subscribe/sent' })).statusCode).toBe(200);
  });

  it('brings the form back with a message under the field, and refuses a post without its CSRF token', async () => {
    const visitor = await openPublicForm(t.app, '/subscribe?lang=en');
    t.clock.advance(5_000);
    const headers = { cookie: visitor.cookie, 'content-type': FORM_CONTENT_TYPE };
    const bad = await t.app.inject({ method: 'POST', url: '/subscribe?lang=en', headers, payload: formBody({ _csrf: visitor.csrf, stamp: visitor.stamp, email: 'nope', locale: 'en' }) });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter a valid email address.');
    const forged = await t.app.inject({ method: 'POST', url: '/subscribe', headers, payload: formBody({ stamp: visitor.stamp, email: 'x@example.vn' }) });
    expect(forged.statusCode).toBe(403);
  });
});

describe('confirming', () => {
  it('shows a button on GET (a mail scanner confirms nothing), confirms on POST, and only once', async () => {
    await subscribe({ email: 'confirm-once@example.vn', minSeverity: 'critical' });
    const { token, subscriptionId } = await lastConfirmation();
    const page = await t.app.inject({ method: 'GET', url: `/subscriptions/confirm?token=${encodeURIComponent(token)}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('method="post"');
    expect((await rowOf(subscriptionId))?.status).toBe('pending');
    expect((await confirmByPage(token)).statusCode).toBe(303);
    expect(await rowOf(subscriptionId)).toMatchObject({ status: 'confirmed', confirmTokenHash: null, minSeverity: 'critical' });
    expect((await confirmByPage(token)).statusCode).toBe(404);
  });

  it('refuses a wrong, altered or expired link with the same page', async () => {
    await subscribe({ email: 'expires@example.vn' });
    const { token, subscriptionId } = await lastConfirmation();
    const parts = token.split('.');
    const altered = [parts[0], parts[1], Buffer.from(JSON.stringify({ c: [], s: 'info', l: 'vi' })).toString('base64url'), parts[3]].join('.');
    const wrong = `${token.slice(0, -4)}AAAA`;
    for (const bad of [altered, wrong, 'nonsense', '']) expect((await t.app.inject({ method: 'GET', url: `/subscriptions/confirm?token=${encodeURIComponent(bad)}` })).statusCode).toBe(404);
    expect((await confirmByPage(altered)).statusCode).toBe(404);
    t.clock.advance(8 * 86_400_000);
    const expired = await t.app.inject({ method: 'GET', url: `/subscriptions/confirm?token=${encodeURIComponent(token)}` });
    expect(expired.statusCode).toBe(404);
    expect((await rowOf(subscriptionId))?.status).toBe('pending');
  });

  it('keeps a confirmed subscription’s choices until the new link is followed', async () => {
    await subscribe({ email: 'change@example.vn', categories: ['scam'], minSeverity: 'high' });
    const first = await lastConfirmation();
    await confirmByPage(first.token);
    await subscribe({ email: 'change@example.vn', categories: [], minSeverity: 'info' });
    const second = await lastConfirmation();
    expect(second.row.data.change).toBe(true);
    expect(await rowOf(first.subscriptionId)).toMatchObject({ status: 'confirmed', categories: ['scam'], minSeverity: 'high' });
    expect((await confirmByPage(second.token)).statusCode).toBe(303);
    expect(await rowOf(first.subscriptionId)).toMatchObject({ status: 'confirmed', categories: [], minSeverity: 'info' });
  });
});

describe('unsubscribing', () => {
  async function confirmed(email: string) {
    await subscribe({ email });
    const { token, subscriptionId } = await lastConfirmation();
    await confirmByPage(token);
    return { subscriptionId, url: `/subscriptions/unsubscribe?token=${encodeURIComponent(unsubscribeToken(t.box, subscriptionId))}` };
  }

  it('takes RFC 8058’s one-click POST without a cookie or CSRF token, again and again', async () => {
    const { subscriptionId, url } = await confirmed('one-click@example.vn');
    for (let i = 0; i < 2; i++) {
      const response = await t.app.inject({ method: 'POST', url, headers: { 'content-type': FORM_CONTENT_TYPE }, payload: 'List-Unsubscribe=One-Click' });
      expect(response.statusCode).toBe(200);
      expect((await rowOf(subscriptionId))?.status).toBe('unsubscribed');
    }
    const multipart = await t.app.inject({ method: 'POST', url, headers: { 'content-type': 'multipart/form-data; boundary=b' }, payload: '--b\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--b--\r\n' });
    expect(multipart.statusCode).toBe(200);
  });

  it('shows a button on GET and unsubscribes by the page’s form, even for someone logged in', async () => {
    const { subscriptionId, url } = await confirmed('by-page@example.vn');
    const page = await t.app.inject({ method: 'GET', url });
    expect(page.statusCode).toBe(200);
    expect((await rowOf(subscriptionId))?.status).toBe('confirmed');
    const action = /<form method="post" action="([^"]+)"/.exec(page.body)?.[1]?.replaceAll('&amp;', '&');
    expect(action).toBe(url);
    const org = await t.org({ kind: 'bank' });
    const user = await t.user(org.id, 'responder');
    const session = await t.session(user.id);
    const response = await t.app.inject({ method: 'POST', url: action ?? '', headers: { cookie: session.cookie, 'content-type': FORM_CONTENT_TYPE }, payload: formBody({ 'List-Unsubscribe': 'One-Click' }) });
    expect(response.statusCode).toBe(200);
    expect((await rowOf(subscriptionId))?.status).toBe('unsubscribed');
  });

  it('answers a tampered token with the same not-found page and changes nothing', async () => {
    const { subscriptionId } = await confirmed('tampered@example.vn');
    const genuine = unsubscribeToken(t.box, subscriptionId);
    const other = unsubscribeToken(t.box, crypto.randomUUID());
    const bad = [`${subscriptionId}.${genuine.split('.')[1]?.slice(0, -2) ?? ''}xx`, `${crypto.randomUUID()}.${genuine.split('.')[1] ?? ''}`, 'x', ''];
    for (const token of bad) {
      const response = await t.app.inject({ method: 'POST', url: `/subscriptions/unsubscribe?token=${encodeURIComponent(token)}`, headers: { 'content-type': FORM_CONTENT_TYPE }, payload: 'List-Unsubscribe=One-Click' });
      expect(response.statusCode).toBe(404);
      expect(response.body).not.toContain('tampered@example.vn');
      expect((await t.app.inject({ method: 'GET', url: `/subscriptions/unsubscribe?token=${encodeURIComponent(token)}` })).statusCode).toBe(404);
    }
    // A well-signed token of a subscription that does not exist is refused the same way.
    expect((await t.app.inject({ method: 'POST', url: `/subscriptions/unsubscribe?token=${encodeURIComponent(other)}`, headers: { 'content-type': FORM_CONTENT_TYPE }, payload: 'List-Unsubscribe=One-Click' })).statusCode).toBe(404);
    expect((await rowOf(subscriptionId))?.status).toBe('confirmed');
  });
});
