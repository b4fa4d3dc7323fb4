// The hash API (GET /api/v1/hashes/{prefix}, GET /api/v1/hashes/prefixes): what each listing is
// published under, prefix validation, cache and ETag headers, the prefix list with its checksum,
// and deltas after listings and revocations that rebuild the server's list exactly.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/core/logging.ts';
import { revokeIndicators } from '../src/modules/reputation/listings.ts';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { check, list } from './helpers/reputation.ts';

let t: TestApp;
const DAY = 86_400_000;

beforeAll(async () => {
  t = await createTestApp({ start: new Date('2026-04-01T00:00:00Z'), config: { checkRateLimitPerMinute: 100_000 } });
});
afterAll(() => t.close());

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

type FullHashAnswer = { prefix: string; serial: number; cacheSeconds: number; matches: { hash: string; verdict: string; scope: string; categories: string[]; type: string }[] };
type PrefixList = { full: true; serial: number; prefixSize: number; count: number; checksum: string; prefixes: string };
type PrefixDelta = { full: false; serial: number; since: number; prefixSize: number; count: number; checksum: string; additions: string; removals: string };

async function hashesUnder(prefix: string): Promise<FullHashAnswer> {
  const response = await t.app.inject({ method: 'GET', url: `/api/v1/hashes/${prefix}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<FullHashAnswer>();
}

async function prefixes(query = ''): Promise<PrefixList | PrefixDelta> {
  const response = await t.app.inject({ method: 'GET', url: `/api/v1/hashes/prefixes${query}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<PrefixList | PrefixDelta>();
}

/** The prefixes of a base64 list, as hex strings. */
function split(base64: string, size: number): string[] {
  const bytes = Buffer.from(base64, 'base64');
  return Array.from({ length: bytes.length / size }, (_, i) => bytes.subarray(i * size, (i + 1) * size).toString('hex'));
}

const checksumOf = (hexPrefixes: readonly string[]) => createHash('sha256').update(Buffer.from(hexPrefixes.join(''), 'hex')).digest('hex');

async function revoke(value: string, sourceKey?: string) {
  const rows = (await t.database.sql.executeSql('select id, source_key from indicators where value = $1', [value])).rows as { id: string; source_key: string }[];
  const ids = rows.filter((r) => sourceKey === undefined || r.source_key === sourceKey).map((r) => r.id);
  await t.database.transaction((tx) => revokeIndicators(tx, t.ctx(), ids, 'appeal granted'));
  await t.catchUpIndex();
}

describe('what each listing is published under', () => {
  const listings = [
    { value: 'http://Lua-Dao.example.com/dang-nhap?ref=sms', expression: 'lua-dao.example.com/dang-nhap?ref=sms', scope: 'url', type: 'url' },
    { value: '*.lua-dao.example.net', type: 'domain', expression: 'lua-dao.example.net/', scope: 'subdomains' },
    { value: 'ngan-hang-that.example.vn', type: 'domain', verdict: 'trusted', expression: 'ngan-hang-that.example.vn/', scope: 'host' },
    { value: '203.0.113.7', type: 'ip', expression: 'ip:203.0.113.7', scope: 'exact' },
    { value: '198.51.100.77/24', type: 'ip', expression: 'cidr:198.51.100.0/24', scope: 'range' },
    { value: '2001:DB8::0:1', type: 'ip', expression: 'ip:2001:db8::1', scope: 'exact' },
    { value: '0912 345 678', type: 'phone', expression: 'phone:+84912345678', scope: 'exact' },
    { value: 'Vietcombank 0123 456 789', type: 'bank_account', expression: 'bank_account:VCB:0123456789', scope: 'exact' },
    { value: 'https://www.facebook.com/Ho.Tro.Vay.Von', type: 'social_account', expression: 'social_account:facebook:ho.tro.vay.von', scope: 'exact' },
    { value: 'Ho.Tro@Example.VN', type: 'email', expression: 'email:ho.tro@example.vn', scope: 'exact' },
    { value: 'D41D8CD98F00B204E9800998ECF8427E', type: 'file_hash', expression: 'file_hash:d41d8cd98f00b204e9800998ecf8427e', scope: 'exact' },
    { value: 'Bạn đã trúng  thưởng   100 triệu', type: 'text', expression: 'text:Bạn đã trúng thưởng 100 triệu', scope: 'exact' },
  ] as const;

  beforeAll(async () => {
    await list(t, listings.map(({ value, type, ...rest }) => ({ value, type, verdict: 'verdict' in rest ? rest.verdict : 'dangerous', categories: ['scam', 'phishing'] })));
  });

  it.each(listings)('$type $value → $expression ($scope)', async ({ expression, scope, type, ...rest }) => {
    const hash = sha256Hex(expression);
    const answer = await hashesUnder(hash.slice(0, 8));
    expect(answer).toMatchObject({ prefix: hash.slice(0, 8), serial: t.app.reputationIndex.serial, cacheSeconds: 300 });
    expect(answer.matches).toContainEqual({ hash, verdict: 'verdict' in rest ? rest.verdict : 'dangerous', scope, categories: ['phishing', 'scam'], type });
  });

  it('answers a full 32-byte prefix with that hash alone, and an unlisted prefix with nothing', async () => {
    const hash = sha256Hex('phone:+84912345678');
    const answer = await hashesUnder(hash.toUpperCase());
    expect(answer.prefix).toBe(hash);
    expect(answer.matches.map((m) => m.hash)).toEqual([hash]);
    expect((await hashesUnder(sha256Hex('phone:+84900000000').slice(0, 8))).matches).toEqual([]);
  });

  it('merges listings of one value from several sources into one entry per verdict', async () => {
    await list(t, [
      { value: 'hai-nguon.example.com', type: 'domain', verdict: 'dangerous', categories: ['scam'], sourceKey: 'import:a' },
      { value: 'hai-nguon.example.com', type: 'domain', verdict: 'dangerous', categories: ['malware'], sourceKey: 'import:b' },
      { value: 'hai-nguon.example.com', type: 'domain', verdict: 'trusted', categories: [], sourceKey: 'registry', source: 'registry' },
    ]);
    const hash = sha256Hex('hai-nguon.example.com/');
    const mine = (await hashesUnder(hash.slice(0, 10))).matches.filter((m) => m.hash === hash);
    expect(mine).toHaveLength(2);
    expect(mine).toContainEqual({ hash, verdict: 'dangerous', scope: 'host', categories: ['malware', 'scam'], type: 'domain' });
    expect(mine).toContainEqual({ hash, verdict: 'trusted', scope: 'host', categories: [], type: 'domain' });
  });

  it('sends a public cache header for the time clients may keep the answer', async () => {
    const response = await t.app.inject({ method: 'GET', url: `/api/v1/hashes/${sha256Hex('ip:203.0.113.7').slice(0, 8)}` });
    expect(response.headers['cache-control']).toBe('public, max-age=300');
  });
});

describe('prefix validation', () => {
  it.each([
    ['too short', 'abcdef1'],
    ['an odd number of digits', 'abcdef123'],
    ['not hexadecimal', 'abcdefgh'],
    ['longer than a SHA-256', 'a'.repeat(66)],
  ])('refuses a prefix that is %s with a 400 that says what a prefix is', async (_name, prefix) => {
    const response = await t.app.inject({ method: 'GET', url: `/api/v1/hashes/${prefix}` });
    expect(response.statusCode).toBe(400);
    const body = response.json<{ error: { code: string; message: string; details: { field?: string }[] } }>();
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.message).toMatch(/8 to 64 hexadecimal digits/);
    expect(body.error.details[0]?.field).toBe('prefix');
  });

  it('refuses a path parameter past the router\'s limit before it reaches the handler', async () => {
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/hashes/${'a'.repeat(300)}` })).statusCode).toBe(414);
  });

  it('accepts 4 to 32 bytes in either case', async () => {
    for (const prefix of ['ABCDEF12', 'abcdef12', 'a'.repeat(64)]) expect((await t.app.inject({ method: 'GET', url: `/api/v1/hashes/${prefix}` })).statusCode).toBe(200);
  });

  it('refuses prefix list sizes outside 4–32 bytes and unknown parameters', async () => {
    for (const query of ['?size=3', '?size=33', '?size=x', '?since=-1', '?since=abc', '?other=1']) {
      expect((await t.app.inject({ method: 'GET', url: `/api/v1/hashes/prefixes${query}` })).statusCode, query).toBe(400);
    }
  });
});

describe('the prefix list', () => {
  it('lists the sorted distinct prefixes of every published hash, with their checksum', async () => {
    await list(t, [{ value: 'danh-sach.example.com', type: 'domain' }, { value: '0987 111 222', type: 'phone' }]);
    const body = await prefixes();
    if (!body.full) throw new Error('expected the full list');
    expect(body).toMatchObject({ serial: t.app.reputationIndex.serial, prefixSize: 4 });
    const listed = split(body.prefixes, 4);
    expect(listed).toHaveLength(body.count);
    expect(listed).toEqual([...new Set(listed)].sort());
    expect(listed).toContain(sha256Hex('danh-sach.example.com/').slice(0, 8));
    expect(listed).toContain(sha256Hex('phone:+84987111222').slice(0, 8));
    expect(body.checksum).toBe(checksumOf(listed));
    // Every published hash is under a listed prefix, and nothing else is.
    const total = (await Promise.all(listed.map(hashesUnder))).reduce((sum, answer) => sum + answer.matches.length, 0);
    expect(total).toBeGreaterThanOrEqual(body.count);
  });

  it('gives longer prefixes on request', async () => {
    const body = await prefixes('?size=16');
    if (!body.full) throw new Error('expected the full list');
    const listed = split(body.prefixes, 16);
    expect(body.prefixSize).toBe(16);
    expect(listed).toContain(sha256Hex('danh-sach.example.com/').slice(0, 32));
    expect(body.checksum).toBe(checksumOf(listed));
  });

  it('answers ?since with the changes after a listing, which rebuild the list exactly', async () => {
    const before = await prefixes();
    if (!before.full) throw new Error('expected the full list');
    await list(t, [{ value: 'moi-them.example.com', type: 'domain' }, { value: '*.moi-them.example.org', type: 'domain' }]);
    const delta = await prefixes(`?since=${before.serial}`);
    if (delta.full) throw new Error('expected a delta');
    expect(delta).toMatchObject({ since: before.serial, serial: before.serial + 2, prefixSize: 4 });
    expect(split(delta.additions, 4).sort()).toEqual([sha256Hex('moi-them.example.com/').slice(0, 8), sha256Hex('moi-them.example.org/').slice(0, 8)].sort());
    expect(split(delta.removals, 4)).toEqual([]);
    const rebuilt = [...new Set([...split(before.prefixes, 4), ...split(delta.additions, 4)])].sort();
    expect(checksumOf(rebuilt)).toBe(delta.checksum);
    expect(rebuilt).toHaveLength(delta.count);
  });

  it('removes a revoked listing\'s prefix, unless another active listing still shares it', async () => {
    await list(t, [
      { value: 'thu-hoi.example.com', type: 'domain', sourceKey: 'import:a' },
      { value: 'con-lai.example.com', type: 'domain', sourceKey: 'import:a' },
      { value: 'con-lai.example.com', type: 'domain', sourceKey: 'import:b' },
    ]);
    const before = await prefixes();
    if (!before.full) throw new Error('expected the full list');
    await revoke('thu-hoi.example.com');
    await revoke('con-lai.example.com', 'import:a');
    const delta = await prefixes(`?since=${before.serial}`);
    if (delta.full) throw new Error('expected a delta');
    expect(split(delta.removals, 4)).toEqual([sha256Hex('thu-hoi.example.com/').slice(0, 8)]);
    // The listing that stays was changed by nothing but its sibling: it is re-announced, never removed.
    expect(split(delta.additions, 4)).not.toContain(sha256Hex('thu-hoi.example.com/').slice(0, 8));
    const rebuilt = [...new Set([...split(before.prefixes, 4), ...split(delta.additions, 4)])].filter((p) => !split(delta.removals, 4).includes(p)).sort();
    expect(checksumOf(rebuilt)).toBe(delta.checksum);
    expect((await hashesUnder(sha256Hex('thu-hoi.example.com/').slice(0, 8))).matches.filter((m) => m.hash === sha256Hex('thu-hoi.example.com/'))).toEqual([]);
    expect((await check(t, 'thu-hoi.example.com')).verdict).toBe('unknown');
  });

  it('answers a ?since at the current serial with no changes, and a ?since from the future with the full list', async () => {
    const serial = t.app.reputationIndex.serial;
    const same = await prefixes(`?since=${serial}`);
    expect(same).toMatchObject({ full: false, since: serial, serial, additions: '', removals: '' });
    const ahead = await prefixes(`?since=${serial + 1000}`);
    expect(ahead).toMatchObject({ full: true, serial });
  });

  it('tags the list with an ETag of serial, size and since, and answers If-None-Match with 304', async () => {
    const serial = t.app.reputationIndex.serial;
    const first = await t.app.inject({ method: 'GET', url: '/api/v1/hashes/prefixes?size=4' });
    expect(first.headers.etag).toBe(`W/"hashes-${serial}-4-full"`);
    expect(first.headers['cache-control']).toBe('public, no-cache');
    const again = await t.app.inject({ method: 'GET', url: '/api/v1/hashes/prefixes?size=4', headers: { 'if-none-match': String(first.headers.etag) } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const inList = await t.app.inject({ method: 'GET', url: '/api/v1/hashes/prefixes', headers: { 'if-none-match': `"other", "hashes-${serial}-4-full"` } });
    expect(inList.statusCode).toBe(304);
    const delta = await t.app.inject({ method: 'GET', url: `/api/v1/hashes/prefixes?size=8&since=${serial - 1}` });
    expect(delta.headers.etag).toBe(`W/"hashes-${serial}-8-${serial - 1}"`);
    await list(t, [{ value: 'etag-moi.example.com', type: 'domain' }]);
    const changed = await t.app.inject({ method: 'GET', url: '/api/v1/hashes/prefixes?size=4', headers: { 'if-none-match': String(first.headers.etag) } });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).toBe(`W/"hashes-${serial + 1}-4-full"`);
  });

  it('stops answering with a listing once it is past its expiry, as the check does', async () => {
    await list(t, [{ value: 'http://sap-het-han.example.com/', type: 'url' }]);
    const hash = sha256Hex('sap-het-han.example.com/');
    expect((await hashesUnder(hash.slice(0, 8))).matches.map((m) => m.hash)).toContain(hash);
    t.clock.advance(91 * DAY);
    expect((await hashesUnder(hash.slice(0, 8))).matches.map((m) => m.hash)).not.toContain(hash);
    expect((await check(t, 'http://sap-het-han.example.com/')).verdict).toBe('unknown');
  });
});

describe('logs and limits', () => {
  const lines: string[] = [];
  let local: TestApp;

  beforeAll(async () => {
    const logger = createLogger({ logLevel: 'trace' }, { write: (line: string) => void lines.push(line) });
    local = await createTestApp({ logger, config: { checkRateLimitPerMinute: 3 } });
  });
  afterAll(() => local.close());

  it('never logs the prefix asked for, and rate-limits each client', async () => {
    const prefix = 'c0ffee15bada55ed';
    const ok = await local.app.inject({ method: 'GET', url: `/api/v1/hashes/${prefix}` });
    expect(ok.statusCode).toBe(200);
    const bad = await local.app.inject({ method: 'GET', url: `/api/v1/hashes/${prefix}0` });
    expect(bad.statusCode).toBe(400);
    expect((await local.app.inject({ method: 'GET', url: `/api/v1/hashes/${prefix}` })).statusCode).toBe(200);
    expect((await local.app.inject({ method: 'GET', url: `/api/v1/hashes/${prefix}` })).statusCode).toBe(429);
    expect(lines.some((line) => line.includes('/api/v1/hashes/:prefix'))).toBe(true);
    expect(lines.filter((line) => line.toLowerCase().includes(prefix))).toEqual([]);
  });
});
