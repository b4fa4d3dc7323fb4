// The STIX 2.1 feed (/feeds/stix): every object carries what STIX 2.1 requires, patterns per target
// type with escaping, stable ids, deltas with revoked, expired, trusted and reinstated listings,
// ETag and gzip.
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeIndicators } from '../src/modules/reputation/listings.ts';
import { ANTOAN_IDENTITY_ID, isUuid, lifeUuid, uuidv5 } from '../src/modules/reputation/taxii/ids.ts';
import { currentIndicator, escapePatternString, stixObjectsOf, stixPattern, TLP_CLEAR_ID, type ListingRecord } from '../src/modules/reputation/taxii/stix.ts';
import type { TargetType } from '../src/modules/targets/index.ts';
import { expireListings } from '../src/runtime.ts';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { list } from './helpers/reputation.ts';

const DAY = 86_400_000;

/**
 * What STIX 2.1 (OASIS Standard, 10 June 2021) requires of each object this feed publishes:
 * the common properties every SDO must have (type, spec_version, id, created, modified), plus
 * Indicator: pattern, pattern_type, valid_from; Identity: name; Marking Definition: type,
 * spec_version, id, created — and, for a TLP 2.0 marking (OASIS extension-definition--60a3c5c5…),
 * name and extensions. A bundle needs type and id.
 */
const REQUIRED: Readonly<Record<string, readonly string[]>> = {
  indicator: ['type', 'spec_version', 'id', 'created', 'modified', 'pattern', 'pattern_type', 'valid_from'],
  identity: ['type', 'spec_version', 'id', 'created', 'modified', 'name'],
  'marking-definition': ['type', 'spec_version', 'id', 'created', 'name', 'extensions'],
};
const BUNDLE_REQUIRED = ['type', 'id', 'objects'];
// STIX timestamps: RFC 3339 in UTC; created and modified at least to the millisecond.
const MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const IDENTIFIER = /^([a-z0-9][a-z0-9-]*[a-z0-9])--([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

type StixObject = Record<string, unknown> & { type: string; id: string };
type Bundle = { type: string; id: string; objects: StixObject[] };

/** Check an object against the required-property table and the STIX formats; returns the problems. */
function problemsOf(object: StixObject): string[] {
  const problems: string[] = [];
  const required = REQUIRED[object.type];
  if (required === undefined) return [`${object.id}: unexpected type ${object.type}`];
  for (const property of required) if (object[property] === undefined) problems.push(`${object.id}: no ${property}`);
  if (object.spec_version !== '2.1') problems.push(`${object.id}: spec_version`);
  if (IDENTIFIER.exec(object.id)?.[1] !== object.type) problems.push(`${object.id}: id is not ${object.type}--<uuid>`);
  for (const stamp of ['created', 'modified']) {
    const value = object[stamp];
    if (value !== undefined && (typeof value !== 'string' || !MILLIS.test(value))) problems.push(`${object.id}: ${stamp} format`);
  }
  if (typeof object.modified === 'string' && String(object.modified) < String(object.created)) problems.push(`${object.id}: modified before created`);
  if (object.type === 'indicator') {
    if (object.pattern_type !== 'stix') problems.push(`${object.id}: pattern_type`);
    const { valid_from: from, valid_until: until } = object;
    if (typeof from !== 'string' || !MILLIS.test(from)) problems.push(`${object.id}: valid_from format`);
    if (until !== undefined && (typeof until !== 'string' || typeof from !== 'string' || Date.parse(until) <= Date.parse(from))) problems.push(`${object.id}: valid_until not after valid_from`);
    if (object.created_by_ref !== ANTOAN_IDENTITY_ID) problems.push(`${object.id}: created_by_ref`);
    const confidence = object.confidence;
    if (typeof confidence !== 'number' || confidence < 0 || confidence > 100) problems.push(`${object.id}: confidence`);
  }
  // Property names: lower-case ASCII letters, digits and underscores, 3 to 250 characters (`id` is STIX's own).
  for (const key of Object.keys(object)) if (key !== 'id' && !/^[a-z][a-z0-9_]{2,249}$/.test(key)) problems.push(`${object.id}: property name ${key}`);
  return problems;
}

/**
 * The comparisons of a STIX pattern, with their string literals unescaped. Fails on anything
 * outside the shape we emit — `[path op 'literal' (AND|OR path op 'literal')*]` — and on escape
 * sequences other than \\ and \' (STIX 2.1 patterning allows no others).
 */
function comparisonsOf(pattern: string): { path: string; operator: string; literal: string }[] {
  const comparison = /([a-z0-9-]+:[a-z_]+(?:\.'[A-Z0-9-]+')?) (=|ISSUBSET|LIKE) '((?:[^'\\]|\\['\\])*)'/y;
  expect(pattern.startsWith('[') && pattern.endsWith(']')).toBe(true);
  const body = pattern.slice(1, -1);
  const found: { path: string; operator: string; literal: string }[] = [];
  let at = 0;
  for (;;) {
    comparison.lastIndex = at;
    const match = comparison.exec(body);
    if (match === null) throw new Error(`not a pattern we emit: ${pattern}`);
    found.push({ path: match[1] ?? '', operator: match[2] ?? '', literal: (match[3] ?? '').replace(/\\(['\\])/g, '$1') });
    at = comparison.lastIndex;
    if (at === body.length) return found;
    const joiner = /^ (AND|OR) /.exec(body.slice(at));
    if (joiner === null) throw new Error(`not a pattern we emit: ${pattern}`);
    at += joiner[0].length;
  }
}

let t: TestApp;

async function stix(url = '/feeds/stix', headers: Record<string, string> = {}) {
  const response = await t.app.inject({ method: 'GET', url, headers });
  return { response, bundle: response.statusCode === 200 ? response.json<Bundle>() : null };
}

async function rowOf(value: string) {
  const [row] = (await t.database.sql.executeSql('select id, serial from indicators where value = $1', [value])).rows as { id: string; serial: number }[];
  if (row === undefined) throw new Error(`not listed: ${value}`);
  return row;
}

const EVERY_TYPE: { value: string; type?: TargetType; expected: string; verdict?: 'dangerous' | 'suspicious' }[] = [
  { value: "https://lua-dao.example.com/it's/x?a='b'", expected: "[url:value = 'https://lua-dao.example.com/it\\'s/x?a=\\'b\\'']" },
  { value: 'ngan-hang-gia.example.com', type: 'domain', expected: "[domain-name:value = 'ngan-hang-gia.example.com']" },
  { value: '*.qua-tang.example.net', type: 'domain', expected: "[domain-name:value = 'qua-tang.example.net' OR domain-name:value LIKE '%.qua-tang.example.net']" },
  { value: '203.0.113.7', expected: "[ipv4-addr:value = '203.0.113.7']" },
  { value: '198.51.100.0/24', expected: "[ipv4-addr:value ISSUBSET '198.51.100.0/24']" },
  { value: '2606:4700:4700::1111', expected: "[ipv6-addr:value = '2606:4700:4700::1111']" },
  { value: '2606:4700::/32', expected: "[ipv6-addr:value ISSUBSET '2606:4700::/32']" },
  { value: 'ho-tro@lua-dao.example.com', expected: "[email-addr:value = 'ho-tro@lua-dao.example.com']" },
  { value: 'md5:D41D8CD98F00B204E9800998ECF8427E', expected: "[file:hashes.'MD5' = 'd41d8cd98f00b204e9800998ecf8427e']" },
  { value: 'da39a3ee5e6b4b0d3255bfef95601890afd80709', expected: "[file:hashes.'SHA-1' = 'da39a3ee5e6b4b0d3255bfef95601890afd80709']" },
  { value: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', expected: "[file:hashes.'SHA-256' = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855']" },
  { value: '0912 000 111', expected: "[x-antoan-phone:value = '+84912000111']" },
  { value: 'Vietcombank 0123456789', expected: "[x-antoan-bank-account:value = 'VCB:0123456789']" },
  { value: 'https://www.facebook.com/scam.page', expected: "[user-account:account_type = 'facebook' AND user-account:user_id = 'scam.page']", verdict: 'suspicious' },
  { value: "Chuyển tiền vào C:\\temp 'ngay'", type: 'text', expected: "[x-antoan-text:value = 'Chuyển tiền vào C:\\\\temp \\'ngay\\'']" },
];

beforeAll(async () => {
  t = await createTestApp({ start: new Date('2026-03-02T03:00:00Z') });
  await list(
    t,
    EVERY_TYPE.map(({ value, type, verdict }) => ({ value, type, verdict: verdict ?? 'dangerous', categories: ['phishing', 'impersonation'], evidenceUrl: 'https://bang-chung.example.org/1' })),
  );
  await list(t, [{ value: 'ngan-hang-that.example.vn', type: 'domain', verdict: 'trusted', source: 'registry', sourceKey: 'registry', categories: [] }]);
});
afterAll(() => t.close());

describe('the full bundle', () => {
  it('is a STIX 2.1 bundle in the STIX media type, every object with every property STIX 2.1 requires', async () => {
    const { response, bundle } = await stix();
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/stix+json;version=2.1');
    if (bundle === null) throw new Error('no bundle');
    for (const property of BUNDLE_REQUIRED) expect(bundle).toHaveProperty(property);
    expect(bundle.type).toBe('bundle');
    expect(bundle.id).toMatch(/^bundle--[0-9a-f-]{36}$/);
    expect(bundle.objects.flatMap(problemsOf)).toEqual([]);
    expect(bundle.objects.filter((o) => o.type === 'indicator')).toHaveLength(EVERY_TYPE.length);
    // The marking and identity every indicator refers to are in the bundle.
    const ids = new Set(bundle.objects.map((o) => o.id));
    expect(ids.has(TLP_CLEAR_ID)).toBe(true);
    expect(ids.has(ANTOAN_IDENTITY_ID)).toBe(true);
    for (const o of bundle.objects.filter((x) => x.type === 'indicator')) {
      expect(o.object_marking_refs).toEqual([TLP_CLEAR_ID]);
      expect(ids.has(String(o.created_by_ref))).toBe(true);
    }
    expect(bundle.objects.find((o) => o.id === TLP_CLEAR_ID)).toMatchObject({ name: 'TLP:CLEAR', extensions: { 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d': { tlp_2_0: 'clear' } } });
  });

  it('writes each type’s pattern, escaping quotes and backslashes, so the pattern gives back the value', async () => {
    const { bundle } = await stix();
    const patterns = new Map((bundle?.objects ?? []).filter((o) => o.type === 'indicator').map((o) => [String(o.name).slice(String(o.name).indexOf(': ') + 2), String(o.pattern)]));
    for (const { expected } of EVERY_TYPE) expect([...patterns.values()]).toContain(expected);
    const text = [...patterns.values()].find((p) => p.startsWith('[x-antoan-text'));
    expect(comparisonsOf(text ?? '')).toEqual([{ path: 'x-antoan-text:value', operator: '=', literal: "Chuyển tiền vào C:\\temp 'ngay'" }]);
    const url = [...patterns.values()].find((p) => p.startsWith('[url'));
    expect(comparisonsOf(url ?? '')[0]?.literal).toBe("https://lua-dao.example.com/it's/x?a='b'");
    for (const pattern of patterns.values()) expect(() => comparisonsOf(pattern)).not.toThrow();
  });

  it('describes each listing: verdict types, labels, confidence, evidence, expiry, the impersonated organisation', async () => {
    const { bundle } = await stix();
    const indicators = (bundle?.objects ?? []).filter((o) => o.type === 'indicator');
    const url = indicators.find((o) => String(o.pattern).startsWith('[url'));
    expect(url).toMatchObject({
      indicator_types: ['malicious-activity'],
      labels: ['phishing', 'impersonation'],
      confidence: 80,
      external_references: [{ source_name: 'evidence', url: 'https://bang-chung.example.org/1' }],
      valid_from: '2026-03-02T03:00:00.000Z',
      created: '2026-03-02T03:00:00.000Z',
      modified: '2026-03-02T03:00:00.000Z',
      // The seeded rule: a URL is listed for 90 days.
      valid_until: new Date(Date.parse('2026-03-02T03:00:00Z') + 90 * DAY).toISOString(),
    });
    expect(String(url?.description)).toMatch(/nguy hiểm[\s\S]*dangerous/);
    expect(indicators.find((o) => String(o.pattern).startsWith('[user-account'))?.indicator_types).toEqual(['anomalous-activity']);
  });

  it('leaves trusted listings out', async () => {
    const { bundle } = await stix();
    expect(JSON.stringify(bundle)).not.toContain('ngan-hang-that.example.vn');
  });

  it('keeps every id across requests: an indicator is indicator--<listing id>', async () => {
    const first = (await stix()).bundle;
    const second = (await stix()).bundle;
    expect(second?.objects.map((o) => o.id)).toEqual(first?.objects.map((o) => o.id));
    const row = await rowOf('ngan-hang-gia.example.com');
    expect(first?.objects.map((o) => o.id)).toContain(`indicator--${row.id}`);
    expect(first?.id).toBe(second?.id);
  });

  it('answers 304 for the ETag it gave while the serial stands, and gzip when asked', async () => {
    const { response } = await stix();
    const etag = String(response.headers.etag);
    expect(etag).toMatch(/^"stix-\d+"$/);
    expect(response.headers['x-antoan-serial']).toBe(String(t.app.reputationIndex.serial));
    expect((await t.app.inject({ method: 'GET', url: '/feeds/stix', headers: { 'if-none-match': etag } })).statusCode).toBe(304);
    const zipped = await t.app.inject({ method: 'GET', url: '/feeds/stix', headers: { 'accept-encoding': 'br, gzip;q=0.8' } });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    // The bytes differ, the content does not: a weak tag for the compressed body.
    expect(zipped.headers.etag).toBe(`W/${etag}`);
    expect(JSON.parse(gunzipSync(zipped.rawPayload).toString('utf8'))).toEqual(JSON.parse(response.body));
    expect((await t.app.inject({ method: 'GET', url: '/feeds/stix', headers: { 'accept-encoding': 'gzip;q=0' } })).headers['content-encoding']).toBeUndefined();
  });

  it('refuses a malformed since, and one ahead of the current serial', async () => {
    const ahead = await t.app.inject({ method: 'GET', url: `/feeds/stix?since=${t.app.reputationIndex.serial + 1}` });
    expect(ahead.statusCode).toBe(422);
    expect(ahead.json()).toMatchObject({ error: { code: 'SERIAL_AHEAD' } });
    expect((await t.app.inject({ method: 'GET', url: '/feeds/stix?since=-1' })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/feeds/stix?since=abc' })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/feeds/stix?sinse=1' })).statusCode).toBe(400);
  });
});

describe('deltas (?since=<serial>)', () => {
  it('give what changed after the serial: revoked listings revoked, expired ones valid until their expiry, trusted ones benign', async () => {
    const local = await createTestApp({ start: new Date('2026-04-01T00:00:00Z') });
    try {
      await list(local, [{ value: 'http://het-han.example.com/' }, { value: 'thu-hoi.example.com', type: 'domain' }, { value: 'doi-y.example.com', type: 'domain' }, { value: 'giu-nguyen.example.com', type: 'domain' }]);
      const before = local.app.reputationIndex.serial;
      local.clock.advance(91 * DAY);
      const [revoked] = (await local.database.sql.executeSql("select id from indicators where value = 'thu-hoi.example.com'")).rows as { id: string }[];
      await local.database.transaction((tx) => revokeIndicators(tx, local.ctx(), [revoked?.id ?? ''], 'appeal granted'));
      expect(await expireListings(local)).toBe(1);
      await list(local, [{ value: 'doi-y.example.com', type: 'domain', verdict: 'trusted' }]);
      await local.catchUpIndex();

      const response = await local.app.inject({ method: 'GET', url: `/feeds/stix?since=${before}` });
      expect(response.statusCode).toBe(200);
      expect(response.headers['x-antoan-serial']).toBe(String(local.app.reputationIndex.serial));
      expect(response.headers.etag).toBe(`"stix-${local.app.reputationIndex.serial}-since-${before}"`);
      const bundle = response.json<Bundle>();
      expect(bundle.objects.flatMap(problemsOf)).toEqual([]);
      const indicators = bundle.objects.filter((o) => o.type === 'indicator');
      const byPattern = (fragment: string) => indicators.find((o) => String(o.pattern).includes(fragment));
      expect(indicators).toHaveLength(3);
      expect(byPattern('giu-nguyen')).toBeUndefined();
      expect(byPattern('thu-hoi')).toMatchObject({ id: `indicator--${revoked?.id ?? ''}`, revoked: true, modified: local.clock.now().toISOString() });
      const expired = byPattern('het-han');
      expect(expired?.revoked).toBeUndefined();
      expect(expired?.valid_until).toBe(new Date(Date.parse('2026-04-01T00:00:00Z') + 90 * DAY).toISOString());
      expect(byPattern('doi-y')).toMatchObject({ indicator_types: ['benign'], valid_until: local.clock.now().toISOString() });

      // The full bundle now lists only what is in force; a delta from the head is empty.
      const full = await local.app.inject({ method: 'GET', url: '/feeds/stix' });
      expect(full.json<Bundle>().objects.filter((o) => o.type === 'indicator').map((o) => o.pattern)).toEqual(["[domain-name:value = 'giu-nguyen.example.com']"]);
      const empty = await local.app.inject({ method: 'GET', url: `/feeds/stix?since=${local.app.reputationIndex.serial}` });
      expect(empty.json<Bundle>().objects.map((o) => o.type)).toEqual(['marking-definition', 'identity']);
    } finally {
      await local.close();
    }
  });

  it('give a listing reinstated after a revocation a new object, and keep the old one revoked', async () => {
    await list(t, [{ value: 'tai-dien.example.com', type: 'domain' }]);
    const row = await rowOf('tai-dien.example.com');
    const before = t.app.reputationIndex.serial;
    await t.database.transaction((tx) => revokeIndicators(tx, t.ctx(), [row.id], 'appeal granted'));
    t.clock.advance(60_000);
    await list(t, [{ value: 'tai-dien.example.com', type: 'domain' }], { reinstate: true });
    const reinstated = await rowOf('tai-dien.example.com');
    const delta = (await stix(`/feeds/stix?since=${before}`)).bundle;
    const objects = (delta?.objects ?? []).filter((o) => String(o.pattern).includes('tai-dien'));
    const newId = `indicator--${lifeUuid(row.id, reinstated.serial)}`;
    expect(objects.map((o) => [o.id, o.revoked ?? false])).toEqual([
      [`indicator--${row.id}`, true],
      [newId, false],
    ]);
    expect(objects[1]?.created).toBe(t.clock.now().toISOString());
    expect(objects.flatMap(problemsOf)).toEqual([]);
    const full = (await stix()).bundle;
    expect(full?.objects.map((o) => o.id)).toContain(newId);
    expect(full?.objects.map((o) => o.id)).not.toContain(`indicator--${row.id}`);
  });
});

describe('the mapping (pure)', () => {
  const record = (over: Partial<ListingRecord> = {}): ListingRecord => ({
    id: '6f1c2f4e-8a4b-4c1e-9a7d-0b1e2c3d4e5f',
    type: 'url',
    value: 'http://x.example/',
    verdict: 'dangerous',
    categories: [],
    confidence: 70,
    source: 'import',
    evidenceUrl: null,
    reportCount: 0,
    impersonated: null,
    firstSeen: Date.parse('2026-01-01T00:00:00Z'),
    changedAt: Date.parse('2026-01-02T00:00:00Z'),
    expiresAt: null,
    status: 'active',
    serial: 7,
    ...over,
  });

  it('escapes only backslash and quote, backslash first', () => {
    expect(escapePatternString("a\\'b")).toBe("a\\\\\\'b");
    expect(stixPattern('url', "http://x.example/a\\b'c")).toBe("[url:value = 'http://x.example/a\\\\b\\'c']");
    expect(comparisonsOf(stixPattern('url', "http://x.example/a\\b'c"))[0]?.literal).toBe("http://x.example/a\\b'c");
    expect(stixPattern('social_account', 'x:someone')).toBe("[user-account:account_type = 'twitter' AND user-account:user_id = 'someone']");
  });

  it('names the impersonated organisation and omits empty lists', () => {
    const object = currentIndicator(record({ impersonated: { slug: 'vcb', name: 'Vietcombank' }, reportCount: 3 }), []);
    expect(object.description).toContain('Giả mạo: Vietcombank.');
    expect(object.description).toContain('Impersonates: Vietcombank.');
    expect(object.description).toContain('Reports: 3.');
    expect(object).not.toHaveProperty('labels');
    expect(object).not.toHaveProperty('external_references');
    expect(object).not.toHaveProperty('valid_until');
    expect(problemsOf(object)).toEqual([]);
  });

  it('gives each later life a stable UUIDv5 and revokes the earlier ones as of the next life’s start', () => {
    const reinstatements = [
      { serial: 3, at: Date.parse('2026-01-01T12:00:00Z') },
      { serial: 5, at: Date.parse('2026-01-01T18:00:00Z') },
    ];
    const objects = stixObjectsOf(record(), reinstatements);
    expect(objects.map((o) => o.id)).toEqual([
      'indicator--6f1c2f4e-8a4b-4c1e-9a7d-0b1e2c3d4e5f',
      `indicator--${lifeUuid('6f1c2f4e-8a4b-4c1e-9a7d-0b1e2c3d4e5f', 3)}`,
      `indicator--${lifeUuid('6f1c2f4e-8a4b-4c1e-9a7d-0b1e2c3d4e5f', 5)}`,
    ]);
    expect(objects.map((o) => o.revoked ?? false)).toEqual([true, true, false]);
    expect(objects.map((o) => o.modified)).toEqual(['2026-01-01T12:00:00.000Z', '2026-01-01T18:00:00.000Z', '2026-01-02T00:00:00.000Z']);
    expect(objects.flatMap(problemsOf)).toEqual([]);
    expect(isUuid(lifeUuid('6f1c2f4e-8a4b-4c1e-9a7d-0b1e2c3d4e5f', 3))).toBe(true);
  });

  it('computes RFC 4122 version-5 UUIDs', () => {
    // The RFC 4122 appendix example namespace (DNS) and a well-known result for "python.org".
    expect(uuidv5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'python.org')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
  });
});
