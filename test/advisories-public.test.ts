// What readers get: only published advisories for their audience in the list, the API and the Atom
// feed; organisation-audience isolation; hostile Markdown made harmless; a well-formed, escaped
// RFC 4287 feed with ETag; and the live status of linked indicators when one is revoked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderAdvisoryMarkdown } from '../src/modules/alerts/advisories/index.ts';
import { expireDue } from '../src/modules/reputation/index.ts';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { list } from './helpers/reputation.ts';
import { call, draft, person, published, rows, type Advisory, type Person } from './advisories-helpers.ts';

let t: TestApp;
let analyst: Person;
let supervisor: Person;
let bankMember: Person;
let otherBankMember: Person;
let platformMember: Person;
let bank: { id: string };
let publicOne: Advisory;
let forBanks: Advisory;
let forOneBank: Advisory;
let drafted: Advisory;
let archived: Advisory;

const ids = (response: { json<T>(): T }) => response.json<{ items: Advisory[] }>().items.map((a) => a.id);

beforeAll(async () => {
  t = await createTestApp({ start: new Date('2026-09-01T02:00:00Z') });
  const national = await t.org({ kind: 'authority', scope: 'national' });
  bank = await t.org({ kind: 'bank' });
  const otherBank = await t.org({ kind: 'bank' });
  const platform = await t.org({ kind: 'platform' });
  analyst = await person(t, national.id, 'analyst');
  supervisor = await person(t, national.id, 'supervisor');
  bankMember = await person(t, bank.id, 'responder');
  otherBankMember = await person(t, otherBank.id, 'responder');
  platformMember = await person(t, platform.id, 'responder');
  archived = await published(t, analyst, supervisor, { title: { vi: 'Cảnh báo cũ đã lưu trữ', en: 'Old archived advisory' } });
  expect((await call(t, supervisor, 'POST', `/api/v1/advisories/${archived.id}/archive`)).statusCode).toBe(200);
  t.clock.advance(60_000);
  publicOne = await published(t, analyst, supervisor, { title: { vi: 'Tom & Jerry <b>"lừa"</b> \'đảo\'', en: 'Tom & Jerry <b>"scam"</b>' }, body: { vi: 'Nội dung có ký tự điều khiển \u0007 và \u000b & <script>alert(1)</script>', en: 'English & body' } });
  t.clock.advance(60_000);
  forBanks = await published(t, analyst, supervisor, { audience: 'org_kind', audienceOrgKind: 'bank', categories: ['data_leak'], severity: 'critical' });
  t.clock.advance(60_000);
  forOneBank = await published(t, analyst, supervisor, { audience: 'org', audienceOrgId: bank.id, categories: ['malware'] });
  drafted = await draft(t, analyst);
});
afterAll(async () => {
  await t.close();
});

describe('the list and the API', () => {
  it('give anonymous readers only published public advisories, newest first', async () => {
    const response = await call(t, null, 'GET', '/api/v1/advisories');
    expect(response.statusCode).toBe(200);
    expect(ids(response)).toEqual([publicOne.id]);
    const item = response.json<{ items: (Advisory & { body: { vi: string; en: string } })[] }>().items[0];
    expect(item?.title.en).toBe('Tom & Jerry <b>"scam"</b>');
    expect(item?.body.en).toBe('English & body');
    expect(item?.url).toBe(`${t.config.publicUrl}/advisories/${publicOne.reference}`);
    expect(item).not.toHaveProperty('staff');
    expect(response.headers['x-ratelimit-limit']).toBeDefined();
  });

  it('adds what is aimed at the reader’s organisation or its kind, and nothing else', async () => {
    expect(ids(await call(t, bankMember, 'GET', '/api/v1/advisories'))).toEqual([forOneBank.id, forBanks.id, publicOne.id]);
    expect(ids(await call(t, otherBankMember, 'GET', '/api/v1/advisories'))).toEqual([forBanks.id, publicOne.id]);
    expect(ids(await call(t, platformMember, 'GET', '/api/v1/advisories'))).toEqual([publicOne.id]);
  });

  it('reads one only when the reader may see it (404 otherwise, drafts and archived included)', async () => {
    expect((await call(t, null, 'GET', `/api/v1/advisories/${publicOne.id}`)).statusCode).toBe(200);
    for (const hidden of [forBanks.id, forOneBank.id, drafted.id, archived.id]) expect((await call(t, null, 'GET', `/api/v1/advisories/${hidden}`)).statusCode, hidden).toBe(404);
    expect((await call(t, platformMember, 'GET', `/api/v1/advisories/${forBanks.id}`)).statusCode).toBe(404);
    expect((await call(t, otherBankMember, 'GET', `/api/v1/advisories/${forOneBank.id}`)).statusCode).toBe(404);
    expect((await call(t, otherBankMember, 'GET', `/api/v1/advisories/${forBanks.id}`)).statusCode).toBe(200);
    expect((await call(t, bankMember, 'GET', `/api/v1/advisories/${forOneBank.id}`)).statusCode).toBe(200);
  });

  it('filters by category, severity and since, and pages with a cursor', async () => {
    expect(ids(await call(t, bankMember, 'GET', '/api/v1/advisories?category=data_leak'))).toEqual([forBanks.id]);
    expect(ids(await call(t, bankMember, 'GET', '/api/v1/advisories?severity=critical'))).toEqual([forBanks.id]);
    expect(ids(await call(t, bankMember, 'GET', `/api/v1/advisories?since=${encodeURIComponent('2026-09-01T02:02:30Z')}`))).toEqual([forOneBank.id]);
    const first = await call(t, bankMember, 'GET', '/api/v1/advisories?limit=2');
    const page = first.json<{ items: Advisory[]; nextCursor: string }>();
    expect(page.items.map((a) => a.id)).toEqual([forOneBank.id, forBanks.id]);
    expect(ids(await call(t, bankMember, 'GET', `/api/v1/advisories?limit=2&cursor=${page.nextCursor}`))).toEqual([publicOne.id]);
  });
});

describe('safe Markdown', () => {
  const HOSTILE = [
    '<script>alert(1)</script>',
    '[x](javascript:alert(1))',
    '[x](JaVaScRiPt:alert(1))',
    '[x](&#106;avascript:alert(1))',
    '[x]( java\tscript:alert(1))',
    '<a href="javascript:alert(1)" onclick="alert(1)">a</a>',
    '<img src=x onerror=alert(1)>',
    '[d](data:text/html;base64,PHNjcmlwdD4=)',
    '![i](data:image/png;base64,AAAA)',
    '<javascript:alert(1)>',
    '[r]\n\n[r]: vbscript:msgbox(1)',
    '<div style="x">raw</div>',
  ];
  it.each(HOSTILE)('makes %j harmless', (input) => {
    const html = renderAdvisoryMarkdown(input);
    expect(html).not.toMatch(/<(script|img|div|iframe)\b/i);
    // Every real tag the renderer wrote (escaped text may spell anything): no handlers, styles or sources.
    const tags = html.match(/<[a-z][^>]*>/gi) ?? [];
    for (const tag of tags) expect(tag).not.toMatch(/\s(on\w+|style|src)=/i);
    expect(html).not.toMatch(/href="(?!https?:|mailto:)/i);
  });

  it('keeps http, https and mailto links with rel nofollow noopener noreferrer, images as links, headings below the page’s', () => {
    const html = renderAdvisoryMarkdown('# Tiêu đề\n\n[a](https://a.example/?x=1&y=2) [m](mailto:tro-giup@example.vn) ![ảnh](https://cdn.example/p.png)');
    expect(html).toContain('<h3>Tiêu đề</h3>');
    expect(html).toContain('<a href="https://a.example/?x=1&amp;y=2" rel="nofollow noopener noreferrer">a</a>');
    expect(html).toContain('<a href="mailto:tro-giup@example.vn" rel="nofollow noopener noreferrer">m</a>');
    expect(html).toContain('<a href="https://cdn.example/p.png" rel="nofollow noopener noreferrer">ảnh</a>');
    expect(html).not.toContain('<img');
  });

  it('renders the published body escaped in the page', async () => {
    const page = await t.app.inject({ method: 'GET', url: `/advisories/${publicOne.reference}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.body).not.toContain('<script>alert(1)');
  });
});

/** A strict enough XML check: one root, balanced tags, quoted attributes, known entities only, no raw `<` or `&` in text, no characters XML forbids. */
function parseXml(xml: string): XmlNode {
  expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n')).toBe(true);
  // eslint-disable-next-line no-control-regex -- the characters XML 1.0 forbids.
  expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/);
  const body = xml.slice(xml.indexOf('?>') + 2);
  const root: XmlNode = { name: '#root', attributes: {}, children: [], text: '' };
  const stack: XmlNode[] = [root];
  const entity = /&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/i;
  for (const token of body.split(/(<[^<>]*>)/)) {
    const top = stack.at(-1);
    if (top === undefined) throw new Error('content after the root element');
    if (!token.startsWith('<')) {
      expect(token).not.toMatch(/[<>]/);
      expect(token, 'a bare &').not.toMatch(entity);
      top.text += token;
      continue;
    }
    const close = /^<\/([\w:-]+)\s*>$/.exec(token);
    if (close !== null) {
      expect(close[1], `closing ${close[1]} inside ${top.name}`).toBe(top.name);
      stack.pop();
      continue;
    }
    const open = /^<([\w:-]+)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>$/.exec(token);
    if (open?.[1] === undefined) throw new Error(`malformed tag ${token}`);
    const attributes: Record<string, string> = {};
    for (const [, name = '', value = ''] of (open[2] ?? '').matchAll(/([\w:-]+)="([^"]*)"/g)) {
      expect(value, `attribute ${name}`).not.toMatch(entity);
      expect(attributes).not.toHaveProperty(name);
      attributes[name] = value;
    }
    const node: XmlNode = { name: open[1], attributes, children: [], text: '' };
    top.children.push(node);
    if (open[3] !== '/') stack.push(node);
  }
  expect(stack.map((n) => n.name)).toEqual(['#root']);
  expect(root.children).toHaveLength(1);
  expect(root.text.trim()).toBe('');
  return root.children[0] as XmlNode;
}
type XmlNode = { name: string; attributes: Record<string, string>; children: XmlNode[]; text: string };
const unescape = (text: string) => text.replace(/&(lt|gt|quot|apos|amp);/g, (_m, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e] ?? '');
const only = (node: XmlNode, name: string) => {
  const found = node.children.filter((c) => c.name === name);
  expect(found, `one <${name}> in <${node.name}>`).toHaveLength(1);
  return found[0] as XmlNode;
};
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

describe('the Atom feed', () => {
  it('is a well-formed RFC 4287 feed of the published public advisories only, escaped', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/feeds/advisories.atom' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    expect(response.headers['cache-control']).toBe('public, max-age=60');
    const feed = parseXml(response.body);
    expect(feed.name).toBe('feed');
    expect(feed.attributes).toMatchObject({ xmlns: 'http://www.w3.org/2005/Atom', 'xml:lang': 'vi' });
    expect(only(feed, 'id').text).toMatch(/^tag:[a-z0-9.-]+,2026:advisories:vi$/);
    expect(only(feed, 'title').text).toBe('Cảnh báo an toàn thông tin');
    expect(only(feed, 'updated').text).toMatch(RFC3339);
    expect(only(feed, 'author').children.map((c) => c.name)).toContain('name');
    expect(feed.children.filter((c) => c.name === 'link' && c.attributes.rel === 'self')[0]?.attributes.href).toBe(`${t.config.publicUrl}/feeds/advisories.atom`);
    const entries = feed.children.filter((c) => c.name === 'entry');
    expect(entries).toHaveLength(1);
    const entry = entries[0] as XmlNode;
    expect(only(entry, 'id').text).toBe(`urn:uuid:${publicOne.id}`);
    expect(unescape(only(entry, 'title').text)).toBe('Tom & Jerry <b>"lừa"</b> \'đảo\'');
    expect(only(entry, 'updated').text).toBe('2026-09-01T02:01:00.000Z');
    expect(only(entry, 'published').text).toMatch(RFC3339);
    expect(entry.children.filter((c) => c.name === 'link' && c.attributes.rel === 'alternate').map((c) => c.attributes.hreflang)).toEqual(['vi', 'en']);
    expect(entry.children.filter((c) => c.name === 'category').map((c) => c.attributes.term)).toEqual(['scam', 'impersonation', 'high']);
    const content = only(entry, 'content');
    expect(content.attributes.type).toBe('html');
    const html = unescape(content.text);
    expect(html).toContain('<p>Nội dung có ký tự điều khiển  và  &amp; &lt;script&gt;alert(1)&lt;/script&gt;</p>');
    expect(response.body).not.toContain(forBanks.id);
    expect(response.body).not.toContain(drafted.id);
    expect(response.body).not.toContain(archived.id);
  });

  it('is English with ?lang=en, and answers 304 to its ETag', async () => {
    const english = await t.app.inject({ method: 'GET', url: '/feeds/advisories.atom?lang=en' });
    const feed = parseXml(english.body);
    expect(feed.attributes['xml:lang']).toBe('en');
    expect(unescape(only(only(feed, 'entry'), 'title').text)).toBe('Tom & Jerry <b>"scam"</b>');
    const etag = english.headers.etag as string;
    expect(etag).toMatch(/^"advisories-en-[0-9a-f]+"$/);
    expect((await t.app.inject({ method: 'GET', url: '/feeds/advisories.atom?lang=en', headers: { 'if-none-match': etag } })).statusCode).toBe(304);
    expect((await t.app.inject({ method: 'GET', url: '/feeds/advisories.atom', headers: { 'if-none-match': etag } })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/feeds/advisories.atom?lang=fr' })).statusCode).toBe(400);
  });
});

describe('linked indicators', () => {
  it('show their live status, and a revoked one as revoked without its value', async () => {
    await list(t, [{ value: 'vietcombank-xac-thuc.example.vn' }]);
    const [indicator] = await rows<{ id: string }>(t, 'select id from indicators where value = $1', ['vietcombank-xac-thuc.example.vn']);
    const id = indicator?.id ?? '';
    const story = await published(t, analyst, supervisor, { indicatorIds: [id] });
    const before = (await call(t, null, 'GET', `/api/v1/advisories/${story.id}`)).json<Advisory>();
    expect(before.indicators).toEqual([expect.objectContaining({ id, state: 'active', value: 'vietcombank-xac-thuc.example.vn', verdict: 'dangerous' })]);
    const page = await t.app.inject({ method: 'GET', url: `/advisories/${story.reference}` });
    expect(page.body).toContain('vietcombank-xac-thuc.example.vn');
    expect(page.body).toContain('Đang bị cảnh báo');

    expect((await call(t, analyst, 'POST', `/api/v1/indicators/${id}/revoke`, { reason: 'Chủ sở hữu chứng minh tên miền hợp pháp.' })).statusCode).toBe(200);
    await t.catchUpIndex();
    const after = (await call(t, null, 'GET', `/api/v1/advisories/${story.id}`)).json<Advisory>();
    expect(after.indicators).toEqual([{ id, state: 'revoked', type: null, value: null, verdict: null, expiresAt: null }]);
    const english = await t.app.inject({ method: 'GET', url: `/advisories/${story.reference}?lang=en` });
    expect(english.body).toContain('Revoked (delisted)');
    expect(english.body).not.toContain('vietcombank-xac-thuc.example.vn');
    const vietnamese = await t.app.inject({ method: 'GET', url: `/advisories/${story.reference}` });
    expect(vietnamese.body).toContain('Đã gỡ khỏi danh sách cảnh báo');
  });

  it('show one the worker expired as expired without its value, in the list answer and the page too', async () => {
    await list(t, [{ value: 'han-su-dung.example.vn' }]);
    const [indicator] = await rows<{ id: string; expires_at: Date }>(t, 'select id, expires_at from indicators where value = $1', ['han-su-dung.example.vn']);
    const id = indicator?.id ?? '';
    const story = await published(t, analyst, supervisor, { indicatorIds: [id] });
    // The expiry worker runs past the listing's end (the app's own clock stays where it is).
    const past = new Date(new Date(indicator?.expires_at ?? 0).getTime() + 1000);
    expect(await t.database.transaction((tx) => expireDue(tx, { ...t.ctx(), now: past }))).toBeGreaterThanOrEqual(1);
    await t.catchUpIndex();
    const one = (await call(t, null, 'GET', `/api/v1/advisories/${story.id}`)).json<Advisory>();
    expect(one.indicators).toEqual([{ id, state: 'expired', type: null, value: null, verdict: null, expiresAt: null }]);
    const listed = (await call(t, null, 'GET', '/api/v1/advisories?limit=100')).json<{ items: Advisory[] }>();
    expect(listed.items.find((item) => item.id === story.id)?.indicators.map((i) => i.state)).toEqual(['expired']);
    const page = await t.app.inject({ method: 'GET', url: `/advisories/${story.reference}` });
    expect(page.body).toContain('Đã hết hạn cảnh báo');
    expect(page.body).not.toContain('han-su-dung.example.vn');
  });
});
