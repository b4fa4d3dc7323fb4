// TAXII 2.1 at /taxii2/: discovery, API root and collection resources, objects and manifest pages
// (limit, next, added_after, match[…]), single objects, media types and TAXII errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeIndicators } from '../src/modules/reputation/listings.ts';
import { COLLECTION_ID } from '../src/modules/reputation/taxii/ids.ts';
import { formatMicros } from '../src/modules/reputation/taxii/ledger.ts';
import { acceptsTaxii, parseTimestamp } from '../src/modules/reputation/taxii/negotiation.ts';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { list } from './helpers/reputation.ts';

const TAXII = 'application/taxii+json;version=2.1';
const ACCEPT = { accept: TAXII };
const COLLECTION = `/taxii2/api/collections/${COLLECTION_ID}`;

type StixObject = Record<string, unknown> & { id: string; type: string; modified?: string; created: string };
type Envelope = { more: boolean; next?: string; objects?: StixObject[] };
type Manifest = { more: boolean; next?: string; objects?: { id: string; date_added: string; version: string; media_type: string }[] };
type TaxiiError = { title: string; description: string; http_status: string };

let t: TestApp;
const START = new Date('2026-03-02T03:00:00Z');

async function get(url: string, headers: Record<string, string> = ACCEPT) {
  return t.app.inject({ method: 'GET', url, headers });
}

/** Every page of a listing endpoint, following `next`. */
async function pages<T extends Envelope | Manifest>(path: string, query: string) {
  const found: { body: T; first?: string; last?: string }[] = [];
  let next: string | undefined;
  for (let i = 0; i < 50; i++) {
    const response = await get(`${path}?${query}${next === undefined ? '' : `&next=${encodeURIComponent(next)}`}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe(TAXII);
    const body = response.json<T>();
    found.push({ body, first: response.headers['x-taxii-date-added-first'] as string | undefined, last: response.headers['x-taxii-date-added-last'] as string | undefined });
    if (!body.more) return found;
    next = body.next;
    expect(next).toBeTypeOf('string');
  }
  throw new Error('too many pages');
}

async function idsBySerial(values: string[]) {
  const rows = (await t.database.sql.executeSql('select id from indicators where value = any($1) order by serial', [values])).rows as { id: string }[];
  return rows.map((row) => `indicator--${row.id}`);
}

const FIRST_BATCH = Array.from({ length: 25 }, (_, i) => `trang-${String(i).padStart(2, '0')}.lua-dao.example.com`);

beforeAll(async () => {
  t = await createTestApp({ start: START });
  await list(t, FIRST_BATCH.map((value) => ({ value, type: 'domain' as const })));
  await list(t, [{ value: 'chinh-chu.example.vn', type: 'domain', verdict: 'trusted', source: 'registry', sourceKey: 'registry' }]);
});
afterAll(() => t.close());

describe('discovery, API root and collections', () => {
  it('answers discovery with the API root, in the TAXII media type', async () => {
    const response = await get('/taxii2/');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe(TAXII);
    const apiRoot = `${t.config.publicUrl}/taxii2/api/`;
    expect(response.json()).toEqual({ title: (expect.any(String) as string), description: (expect.any(String) as string), default: apiRoot, api_roots: [apiRoot] });
  });

  it('describes the API root: TAXII 2.1 and the largest body', async () => {
    const response = await get('/taxii2/api/');
    expect(response.headers['content-type']).toBe(TAXII);
    expect(response.json()).toEqual({ title: (expect.any(String) as string), description: (expect.any(String) as string), versions: [TAXII], max_content_length: t.config.bodyLimitBytes });
  });

  it('lists one read-only collection of STIX 2.1, reachable by id and by alias', async () => {
    const collection = { id: COLLECTION_ID, title: (expect.any(String) as string), description: (expect.any(String) as string), alias: 'antoan-indicators', can_read: true, can_write: false, media_types: ['application/stix+json;version=2.1'] };
    const all = await get('/taxii2/api/collections/');
    expect(all.headers['content-type']).toBe(TAXII);
    expect(all.json()).toEqual({ collections: [collection] });
    expect((await get(`${COLLECTION}/`)).json()).toEqual(collection);
    expect((await get('/taxii2/api/collections/antoan-indicators/')).json()).toEqual(collection);
  });

  it('answers an unknown collection or address with a TAXII 404', async () => {
    for (const url of ['/taxii2/api/collections/khong-co/', '/taxii2/api/collections/khong-co/objects/', '/taxii2/api/collections/khong-co/manifest/', '/taxii2/khong-co/']) {
      const response = await get(url);
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toBe(TAXII);
      expect(response.json<TaxiiError>()).toMatchObject({ title: (expect.any(String) as string), description: (expect.any(String) as string), http_status: '404' });
    }
  });

  it('negotiates the media type: TAXII 2.1, JSON or anything; 406 otherwise', async () => {
    for (const accept of [TAXII, 'application/taxii+json', 'application/json', '*/*', 'text/html;q=0.9, application/taxii+json;version=2.1']) {
      expect((await get('/taxii2/', { accept })).statusCode).toBe(200);
    }
    expect((await t.app.inject({ method: 'GET', url: '/taxii2/' })).statusCode).toBe(200);
    for (const accept of ['text/html', 'application/taxii+json;version=2.0', 'application/xml', 'application/taxii+json;q=0']) {
      const response = await get(`${COLLECTION}/objects/`, { accept });
      expect(response.statusCode).toBe(406);
      expect(response.headers['content-type']).toBe(TAXII);
      expect(response.json<TaxiiError>()).toMatchObject({ http_status: '406' });
    }
  });
});

describe('objects and manifest', () => {
  it('pages 25 listings 10 at a time: each exactly once, in order, more false at the end', async () => {
    const found = await pages<Envelope>(`${COLLECTION}/objects/`, 'match[type]=indicator&limit=10');
    expect(found.map((p) => p.body.objects?.length)).toEqual([10, 10, 5]);
    expect(found.map((p) => p.body.more)).toEqual([true, true, false]);
    expect(found.at(-1)?.body.next).toBeUndefined();
    const ids = found.flatMap((p) => p.body.objects ?? []).map((o) => o.id);
    expect(ids).toEqual(await idsBySerial(FIRST_BATCH));
    // The trusted listing is not threat intelligence.
    expect(JSON.stringify(found)).not.toContain('chinh-chu.example.vn');
  });

  it('puts the marking and identity first, and never exceeds the limit', async () => {
    const found = await pages<Envelope>(`${COLLECTION}/objects/`, 'limit=10');
    const objects = found.flatMap((p) => p.body.objects ?? []);
    expect(found.map((p) => p.body.objects?.length)).toEqual([10, 10, 7]);
    expect(objects.slice(0, 2).map((o) => o.type)).toEqual(['marking-definition', 'identity']);
    expect(new Set(objects.map((o) => o.id)).size).toBe(27);
    // One at a time works too: the cursor is a position, not a time shared by all 25.
    const single = await pages<Envelope>(`${COLLECTION}/objects/`, 'limit=1&match[type]=indicator');
    expect(single.flatMap((p) => p.body.objects ?? []).map((o) => o.id)).toEqual(await idsBySerial(FIRST_BATCH));
  });

  it('sets X-TAXII-Date-Added-First and -Last from the page, with microseconds that grow with each change', async () => {
    // The 25 listings were written in one instant: a microsecond apart in the collection.
    const [page] = await pages<Envelope>(`${COLLECTION}/objects/`, 'match[type]=indicator&limit=25');
    expect(page?.first).toBe('2026-03-02T03:00:00.000000Z');
    expect(page?.last).toBe('2026-03-02T03:00:00.000024Z');
  });

  it('gives a manifest that matches the objects: id, date added, version and media type', async () => {
    const objects = (await pages<Envelope>(`${COLLECTION}/objects/`, 'limit=7')).flatMap((p) => p.body.objects ?? []);
    const manifest = (await pages<Manifest>(`${COLLECTION}/manifest/`, 'limit=7')).flatMap((p) => p.body.objects ?? []);
    expect(manifest.map((m) => m.id)).toEqual(objects.map((o) => o.id));
    for (const [i, entry] of manifest.entries()) {
      expect(entry.version).toBe(objects[i]?.modified ?? objects[i]?.created);
      expect(entry.media_type).toBe('application/stix+json;version=2.1');
      expect(entry.date_added).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
    }
    // In order of date added, each later than the one before.
    const dates = manifest.map((m) => m.date_added);
    expect(dates.every((d, i) => i === 0 || d > (dates[i - 1] ?? ''))).toBe(true);
  });

  it('filters by added_after, and by match[id] and match[version]', async () => {
    // A poller keeps the last page's X-TAXII-Date-Added-Last and asks for what was added after it.
    const polled = await pages<Envelope>(`${COLLECTION}/objects/`, 'limit=100');
    const seen = polled.at(-1)?.last ?? '';
    const later = new Date(START.getTime() + 3_600_000);
    t.clock.set(later);
    await list(t, [{ value: 'moi-1.lua-dao.example.com', type: 'domain' }, { value: 'moi-2.lua-dao.example.com', type: 'domain' }]);
    const response = await get(`${COLLECTION}/objects/?added_after=${encodeURIComponent(seen)}`);
    const body = response.json<Envelope>();
    expect(body.objects?.map((o) => o.id)).toEqual(await idsBySerial(['moi-1.lua-dao.example.com', 'moi-2.lua-dao.example.com']));
    expect(body.more).toBe(false);
    expect(response.headers['x-taxii-date-added-first']).toBe('2026-03-02T04:00:00.000000Z');
    const last = String(response.headers['x-taxii-date-added-last']);
    expect(last).toBe('2026-03-02T04:00:00.000001Z');
    const none = await get(`${COLLECTION}/objects/?added_after=${encodeURIComponent(last)}`);
    expect(none.json()).toEqual({ more: false });
    expect(none.headers['x-taxii-date-added-first']).toBeUndefined();
    // Microsecond precision both ways; an offset is understood.
    expect((await get(`${COLLECTION}/manifest/?added_after=2026-03-02T04:00:00.000000Z`)).json<Manifest>().objects).toHaveLength(1);
    expect((await get(`${COLLECTION}/manifest/?added_after=${encodeURIComponent('2026-03-02T10:59:59.999999+07:00')}`)).json<Manifest>().objects).toHaveLength(2);

    const [wanted] = await idsBySerial(['trang-03.lua-dao.example.com']);
    const byId = await get(`${COLLECTION}/objects/?match[id]=${wanted ?? ''},identity--00000000-0000-4000-8000-000000000000`);
    expect(byId.json<Envelope>().objects?.map((o) => o.id)).toEqual([wanted]);
    const version = byId.json<Envelope>().objects?.[0]?.modified ?? '';
    expect((await get(`${COLLECTION}/objects/?match[id]=${wanted ?? ''}&match[version]=${version}`)).json<Envelope>().objects).toHaveLength(1);
    expect((await get(`${COLLECTION}/objects/?match[id]=${wanted ?? ''}&match[version]=2020-01-01T00:00:00.000Z`)).json()).toEqual({ more: false });
    expect((await get(`${COLLECTION}/objects/?match[type]=identity,marking-definition`)).json<Envelope>().objects?.map((o) => o.type)).toEqual(['marking-definition', 'identity']);
    expect((await get(`${COLLECTION}/objects/?match[spec_version]=2.0`)).json()).toEqual({ more: false });
  });

  it('never loses a change that commits after later-stamped ones (an import stamped at its start)', async () => {
    const polled = await pages<Envelope>(`${COLLECTION}/objects/`, 'limit=1000');
    const seen = polled.at(-1)?.last ?? '';
    // Stamped an hour before what the poller has already seen, committed now.
    t.clock.set(new Date(Date.parse(seen) - 3_600_000));
    await list(t, [{ value: 'nhap-cham.lua-dao.example.com', type: 'domain' }]);
    t.clock.set(new Date(Date.parse(seen) + 1));
    const response = await get(`${COLLECTION}/objects/?added_after=${encodeURIComponent(seen)}`);
    expect(response.json<Envelope>().objects?.map((o) => o.id)).toEqual(await idsBySerial(['nhap-cham.lua-dao.example.com']));
    // Its STIX version is still its own time; only the collection's date added moves on.
    expect(response.json<Envelope>().objects?.[0]?.modified).toBe(new Date(Date.parse(seen) - 3_600_000).toISOString());
    expect(String(response.headers['x-taxii-date-added-first']) > seen).toBe(true);
  });

  it('publishes a revoked listing as a new version at the end, revoked', async () => {
    const [id] = await idsBySerial(['trang-00.lua-dao.example.com']);
    const listingId = (id ?? '').slice('indicator--'.length);
    const revokedAt = new Date(t.clock.now().getTime() + 60_000);
    t.clock.set(revokedAt);
    await t.database.transaction((tx) => revokeIndicators(tx, t.ctx(), [listingId], 'appeal granted'));
    const all = (await pages<Envelope>(`${COLLECTION}/objects/`, 'match[type]=indicator&limit=100')).flatMap((p) => p.body.objects ?? []);
    expect(all.filter((o) => o.id === id)).toHaveLength(1);
    expect(all.at(-1)).toMatchObject({ id, revoked: true, modified: revokedAt.toISOString() });
    const delta = await get(`${COLLECTION}/objects/?added_after=${encodeURIComponent(new Date(revokedAt.getTime() - 1).toISOString())}`);
    expect(delta.json<Envelope>().objects?.map((o) => [o.id, o.revoked])).toEqual([[id, true]]);
  });
});

describe('one object', () => {
  it('gives an object by id in an envelope, the same object as the STIX feed, and its version', async () => {
    const [id] = await idsBySerial(['trang-05.lua-dao.example.com']);
    const response = await get(`${COLLECTION}/objects/${id ?? ''}/`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe(TAXII);
    const envelope = response.json<Envelope>();
    expect(envelope.more).toBe(false);
    expect(envelope.objects).toHaveLength(1);
    await t.catchUpIndex();
    const feed = await t.app.inject({ method: 'GET', url: '/feeds/stix' });
    expect(feed.json<{ objects: StixObject[] }>().objects.find((o) => o.id === id)).toEqual(envelope.objects?.[0]);
    const versions = await get(`${COLLECTION}/objects/${id ?? ''}/versions/`);
    expect(versions.json()).toEqual({ more: false, versions: [envelope.objects?.[0]?.modified] });
    const marking = await get(`${COLLECTION}/objects/marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487/`);
    expect(marking.json<Envelope>().objects?.[0]).toMatchObject({ name: 'TLP:CLEAR' });
  });

  it('answers 404 for an object it does not hold, trusted listings included', async () => {
    const [trusted] = await idsBySerial(['chinh-chu.example.vn']);
    for (const id of ['indicator--00000000-0000-4000-8000-000000000000', 'not-an-id', trusted ?? '']) {
      const response = await get(`${COLLECTION}/objects/${id}/`);
      expect(response.statusCode).toBe(404);
      expect(response.json<TaxiiError>()).toMatchObject({ http_status: '404' });
    }
  });
});

describe('timestamps and media types (pure)', () => {
  it('reads RFC 3339 timestamps to the microsecond and writes them back', () => {
    expect(parseTimestamp('2026-03-02T03:00:00.123456Z', 'x')).toBe(Date.parse('2026-03-02T03:00:00.123Z') * 1000 + 456);
    expect(parseTimestamp('2026-03-02T10:00:00.1+07:00', 'x')).toBe(Date.parse('2026-03-02T03:00:00.100Z') * 1000);
    expect(parseTimestamp('2026-03-02T03:00:00Z', 'x')).toBe(Date.parse('2026-03-02T03:00:00Z') * 1000);
    expect(formatMicros(parseTimestamp('2026-03-02T03:00:00.000007Z', 'x'))).toBe('2026-03-02T03:00:00.000007Z');
    for (const bad of ['2026-03-02', '2026-03-02 03:00:00Z', '2026-02-30T00:00:00Z', 'now']) expect(() => parseTimestamp(bad, 'x')).toThrow();
  });

  it('accepts TAXII 2.1, its unversioned form, JSON and wildcards; nothing else', () => {
    expect([TAXII, 'application/taxii+json', 'Application/TAXII+JSON; Version=2.1', '*/*', 'application/*', undefined, ''].map(acceptsTaxii)).toEqual([true, true, true, true, true, true, true]);
    expect(['application/taxii+json;version=2.0', 'text/html', 'application/stix+json;version=2.1', '*/*;q=0'].map(acceptsTaxii)).toEqual([false, false, false, false]);
  });
});

describe('bad parameters', () => {
  it('answers TAXII 400s for a foreign next, a bad timestamp, a zero limit, too many ids', async () => {
    const tooMany = Array.from({ length: 101 }, (_, i) => `indicator--00000000-0000-4000-8000-${String(i).padStart(12, '0')}`).join(',');
    for (const query of ['next=abc', `next=${Buffer.from('1.x').toString('base64url')}`, 'added_after=yesterday', 'added_after=2026-13-45T00:00:00Z', 'limit=0', 'limit=abc', `match[id]=${tooMany}`]) {
      const response = await get(`${COLLECTION}/objects/?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.headers['content-type']).toBe(TAXII);
      expect(response.json<TaxiiError>()).toMatchObject({ title: (expect.any(String) as string), description: (expect.any(String) as string), http_status: '400' });
    }
  });

  it('caps a large limit at 1,000 instead of refusing it', async () => {
    const response = await get(`${COLLECTION}/manifest/?limit=1000000`);
    expect(response.statusCode).toBe(200);
    expect(response.json<Manifest>().more).toBe(false);
  });
});
