// The reference lookup client against a real server over HTTP: it syncs the prefix list, checks
// values of every type and reaches the verdict GET /api/v1/check gives, follows revocations and
// verdict changes through deltas, recovers from a delta that does not add up, and never sends
// the value or a full hash anywhere.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LookupClient } from '../src/modules/reputation/client/index.ts';
import { revokeIndicators } from '../src/modules/reputation/listings.ts';
import { parseTarget, type TargetType } from '../src/modules/targets/index.ts';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { check, list, type ListingInput } from './helpers/reputation.ts';

let t: TestApp;
let baseUrl: string;
const requests: string[] = [];
let tamper: ((url: string, body: Record<string, unknown>) => Record<string, unknown>) | null = null;

/** The real fetch, recording every URL asked for (and, when a test says so, altering an answer). */
const recordingFetch: typeof fetch = async (input, init) => {
  const url = input instanceof Request ? input.url : String(input);
  requests.push(url);
  const response = await fetch(input, init);
  if (tamper === null) return response;
  const body = tamper(url, (await response.json()) as Record<string, unknown>);
  return new Response(JSON.stringify(body), { status: response.status, headers: response.headers });
};

const listings: ListingInput[] = [
  { value: 'http://lua-dao.example.com/dang-nhap', type: 'url' },
  { value: 'https://vi-dien-tu.example.net/nap-tien?ma=123', type: 'url' },
  { value: 'http://tin-tuc.example.org/bai-viet/', type: 'url', verdict: 'suspicious' },
  { value: 'http://example-root.com/', type: 'url' },
  { value: 'http://203.0.113.50/login', type: 'url' },
  { value: 'http://gov.vn/thong-bao', type: 'url', verdict: 'suspicious' },
  { value: '*.gia-mao.example.com', type: 'domain' },
  { value: 'www.ngan-hang.example.vn', type: 'domain', verdict: 'trusted', source: 'registry', sourceKey: 'registry' },
  { value: '*.ngan-hang.example.vn', type: 'domain' },
  { value: 'http://www.ngan-hang.example.vn/khuyen-mai/', type: 'url' },
  { value: 'chinh-xac.example.com', type: 'domain' },
  { value: '*.b.c.d.e.sau.example.com', type: 'domain', verdict: 'suspicious' },
  { value: '*.tên-miền.vn', type: 'domain' },
  { value: '203.0.113.7', type: 'ip' },
  { value: '198.51.100.0/24', type: 'ip' },
  { value: '198.51.100.128/25', type: 'ip', verdict: 'trusted', source: 'registry', sourceKey: 'registry' },
  { value: '2001:db8::1', type: 'ip' },
  { value: '2001:db8:abcd::/48', type: 'ip', verdict: 'suspicious' },
  { value: '+84912345678', type: 'phone' },
  { value: '0987 654 321', type: 'phone', verdict: 'trusted', source: 'registry', sourceKey: 'registry' },
  { value: '0987 654 321', type: 'phone', verdict: 'dangerous' },
  { value: 'VCB:0123456789', type: 'bank_account' },
  { value: 'facebook:ho.tro.vay.von', type: 'social_account' },
  { value: 'ho.tro@example.vn', type: 'email' },
  { value: 'd41d8cd98f00b204e9800998ecf8427e', type: 'file_hash' },
  { value: 'Bạn đã trúng thưởng 100 triệu', type: 'text' },
];

// [value, type or undefined (detected), the verdict both must give]
const VALUES: [string, TargetType | undefined, string][] = [
  ['http://lua-dao.example.com/dang-nhap', undefined, 'dangerous'],
  ['HTTP://LUA-DAO.example.com/dang-nhap?x=1', undefined, 'dangerous'],
  ['http://lua-dao.example.com/khac', undefined, 'unknown'],
  ['https://vi-dien-tu.example.net/nap-tien?ma=123', undefined, 'dangerous'],
  ['https://vi-dien-tu.example.net/nap-tien?ma=456', undefined, 'unknown'],
  ['http://tin-tuc.example.org/bai-viet/so-1', undefined, 'suspicious'],
  ['http://m.tin-tuc.example.org/bai-viet/', undefined, 'suspicious'],
  ['http://example-root.com/bat-ky', undefined, 'dangerous'],
  ['http://x.gia-mao.example.com/', undefined, 'dangerous'],
  ['https://gia-mao.example.com/login', undefined, 'dangerous'],
  ['http://a.b.x.gia-mao.example.com/p/q', undefined, 'dangerous'],
  ['https://www.ngan-hang.example.vn/dang-nhap', undefined, 'trusted'],
  ['http://www.ngan-hang.example.vn/khuyen-mai/nhan-qua', undefined, 'dangerous'],
  ['http://otp.ngan-hang.example.vn/', undefined, 'dangerous'],
  ['http://chinh-xac.example.com/bat-ky', undefined, 'dangerous'],
  ['http://sub.chinh-xac.example.com/', undefined, 'unknown'],
  ['http://203.0.113.50/login', undefined, 'dangerous'],
  ['http://203.0.113.50/khac', undefined, 'unknown'],
  ['http://203.0.113.7/bat-ky', undefined, 'dangerous'],
  ['http://198.51.100.200/', undefined, 'trusted'],
  ['http://198.51.100.5/', undefined, 'dangerous'],
  ['http://[2001:db8::1]/x', undefined, 'dangerous'],
  ['http://x.y.b.c.d.e.sau.example.com/', undefined, 'suspicious'],
  ['https://dang-nhap.tên-miền.vn/', undefined, 'dangerous'],
  ['http://chua-co.example.com/', undefined, 'unknown'],
  ['http://gov.vn/thong-bao', undefined, 'suspicious'],
  // A URL listing on a bare public suffix covers no site below it.
  ['http://cong.gov.vn/thong-bao', undefined, 'unknown'],
  ['https://www.google.com/', undefined, 'unknown'],
  ['gia-mao.example.com', undefined, 'dangerous'],
  ['sub.gia-mao.example.com', undefined, 'dangerous'],
  ['chinh-xac.example.com', undefined, 'dangerous'],
  ['www.chinh-xac.example.com', undefined, 'unknown'],
  ['a.b.chinh-xac.example.com', undefined, 'unknown'],
  ['www.ngan-hang.example.vn', undefined, 'trusted'],
  ['otp.ngan-hang.example.vn', undefined, 'dangerous'],
  ['ngan-hang.example.vn', undefined, 'dangerous'],
  ['example-root.com', undefined, 'unknown'],
  ['lua-dao.example.com', undefined, 'unknown'],
  ['*.gia-mao.example.com', 'domain', 'dangerous'],
  ['*.chinh-xac.example.com', 'domain', 'unknown'],
  ['x.y.b.c.d.e.sau.example.com', undefined, 'suspicious'],
  ['c.d.e.sau.example.com', undefined, 'unknown'],
  ['dang-nhap.tên-miền.vn', undefined, 'dangerous'],
  ['chua-co.example.org', undefined, 'unknown'],
  ['203.0.113.7', undefined, 'dangerous'],
  ['203.0.113.8', undefined, 'unknown'],
  ['198.51.100.5', undefined, 'dangerous'],
  ['198.51.100.130', undefined, 'trusted'],
  ['198.51.100.0/26', undefined, 'dangerous'],
  ['2001:db8::1', undefined, 'dangerous'],
  ['2001:db8:abcd:1::5', undefined, 'suspicious'],
  ['2001:db8::2', undefined, 'unknown'],
  ['::ffff:203.0.113.7', 'ip', 'dangerous'],
  ['0912 345 678', undefined, 'dangerous'],
  ['+84 912 345 678', undefined, 'dangerous'],
  ['84912345678', 'phone', 'dangerous'],
  ['0912 345 679', undefined, 'unknown'],
  ['0987.654.321', undefined, 'dangerous'],
  ['Vietcombank 0123 456 789', undefined, 'dangerous'],
  ['VCB:0123456789', 'bank_account', 'dangerous'],
  ['970436 0123456789', undefined, 'dangerous'],
  ['ACB 0123456789', undefined, 'unknown'],
  ['https://www.facebook.com/Ho.Tro.Vay.Von', undefined, 'dangerous'],
  ['facebook:ho.tro.vay.von', undefined, 'dangerous'],
  ['facebook:nguoi.khac', undefined, 'unknown'],
  ['Ho.Tro@Example.VN', undefined, 'dangerous'],
  ['mailto:ho.tro@example.vn', undefined, 'dangerous'],
  ['khac@example.vn', undefined, 'unknown'],
  ['D41D8CD98F00B204E9800998ECF8427E', undefined, 'dangerous'],
  ['md5:d41d8cd98f00b204e9800998ecf8427e', undefined, 'dangerous'],
  ['e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', undefined, 'unknown'],
  ['Bạn đã trúng  thưởng 100 triệu', undefined, 'dangerous'],
  ['Bạn đã trúng thưởng 200 triệu', undefined, 'unknown'],
];

beforeAll(async () => {
  t = await createTestApp({ start: new Date('2026-05-04T02:00:00Z'), config: { checkRateLimitPerMinute: 100_000 } });
  await list(t, listings);
  baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => t.close());

const newClient = (options: Partial<ConstructorParameters<typeof LookupClient>[0]> = {}) => new LookupClient({ baseUrl, fetch: recordingFetch, ...options });

async function revoke(value: string) {
  const rows = (await t.database.sql.executeSql('select id from indicators where value = $1', [value])).rows as { id: string }[];
  await t.database.transaction((tx) => revokeIndicators(tx, t.ctx(), rows.map((r) => r.id), 'appeal granted'));
  await t.catchUpIndex();
}

describe('the client agrees with the check', () => {
  let client: LookupClient;

  beforeAll(async () => {
    client = newClient();
    expect(await client.sync()).toMatchObject({ serial: t.app.reputationIndex.serial, full: true });
    expect(client.prefixCount).toBeGreaterThan(listings.length - 3);
  });

  it(`gives the server's verdict for ${VALUES.length} values of every type`, async () => {
    expect(VALUES.length).toBeGreaterThanOrEqual(50);
    const disagreements: string[] = [];
    for (const [value, type, expected] of VALUES) {
      const server = (await check(t, value, type)).verdict;
      const local = (await client.check(value, type)).verdict;
      if (server !== expected || local !== expected) disagreements.push(`${value}: expected ${expected}, server ${server}, client ${local}`);
    }
    expect(disagreements).toEqual([]);
  });

  it('explains a verdict with the matches it found, most specific first', async () => {
    const answer = await client.check('http://www.ngan-hang.example.vn/khuyen-mai/nhan-qua');
    expect(answer.matches.map((m) => [m.scope, m.verdict, m.expression])).toEqual([
      ['url', 'dangerous', 'www.ngan-hang.example.vn/khuyen-mai/'],
      ['host', 'trusted', 'www.ngan-hang.example.vn/'],
      ['subdomains', 'dangerous', 'ngan-hang.example.vn/'],
    ]);
    expect(answer.matches[0]?.categories).toEqual(['phishing']);
  });

  it('checks host names and addresses for a DNS resolver', async () => {
    expect((await client.checkHost('otp.ngan-hang.example.vn')).verdict).toBe('dangerous');
    expect((await client.checkHost('WWW.Ngan-Hang.example.vn.')).verdict).toBe('trusted');
    expect((await client.checkHost('www.chinh-xac.example.com')).verdict).toBe('unknown');
    expect((await client.checkHost('203.0.113.7')).verdict).toBe('dangerous');
    expect((await client.checkHost('[2001:db8::1]')).verdict).toBe('dangerous');
    expect((await client.checkHost('198.51.100.129')).verdict).toBe('trusted');
    expect(await client.checkHost('localhost')).toEqual({ verdict: 'unknown', matches: [] });
    await expect(client.check('localhost', 'domain')).rejects.toThrow(/not a valid domain name/);
  });

  it('accepts the server\'s own parser in place of its portable one', async () => {
    const withParser = newClient({ normalize: parseTarget });
    expect((await withParser.check('Ngân hàng Ngoại thương 0123456789')).verdict).toBe('dangerous');
    expect((await withParser.check('chinh-xac.example.com')).verdict).toBe('dangerous');
  });

  it('never sends a checked value or a full hash: only prefixes of its size', async () => {
    expect(requests.length).toBeGreaterThan(10);
    const secrets = VALUES.flatMap(([value, type]) => {
      const normal = parseTarget(value, type).value;
      return [value, normal, encodeURIComponent(value), encodeURIComponent(normal)];
    }).filter((secret) => secret.length >= 6);
    for (const url of requests) {
      const path = url.slice(baseUrl.length);
      expect(path).toMatch(/^\/api\/v1\/hashes\/(?:[0-9a-f]{8}|prefixes\?size=4(?:&since=\d+)?)$/);
      expect(path).not.toMatch(/[0-9a-f]{64}/i);
      for (const secret of secrets) expect(path.toLowerCase(), secret).not.toContain(secret.toLowerCase());
    }
  });

  it('asks about each prefix once while its answer may be cached', async () => {
    const before = requests.length;
    await client.check('http://x.gia-mao.example.com/');
    await client.check('http://x.gia-mao.example.com/');
    expect(requests.length).toBe(before);
  });
});

describe('keeping up with changes', () => {
  it('drops a revoked listing after a delta sync, and learns a changed verdict under a cached prefix', async () => {
    const client = newClient();
    await client.sync();
    expect((await client.check('x.gia-mao.example.com')).verdict).toBe('dangerous');
    expect((await client.check('chinh-xac.example.com')).verdict).toBe('dangerous');
    const serial = client.serial;

    await revoke('*.gia-mao.example.com');
    await list(t, [{ value: 'chinh-xac.example.com', type: 'domain', verdict: 'trusted' }]);
    const synced = await client.sync();
    expect(synced).toMatchObject({ full: false, serial: t.app.reputationIndex.serial });
    expect(synced.serial).toBe((serial ?? 0) + 2);
    expect(requests.at(-1)).toBe(`${baseUrl}/api/v1/hashes/prefixes?size=4&since=${serial}`);

    for (const [value, expected] of [['x.gia-mao.example.com', 'unknown'], ['http://gia-mao.example.com/login', 'unknown'], ['chinh-xac.example.com', 'trusted']] as const) {
      expect((await client.check(value)).verdict, value).toBe(expected);
      expect((await check(t, value)).verdict, value).toBe(expected);
    }
  });

  it('falls back to the whole list when a delta does not match its checksum', async () => {
    const client = newClient();
    await client.sync();
    const serial = client.serial;
    await list(t, [{ value: 'sau-delta.example.com', type: 'domain' }]);
    tamper = (url, body) => (url.includes('since=') ? { ...body, additions: '' } : body);
    const before = requests.length;
    try {
      expect(await client.sync()).toMatchObject({ full: true, serial: (serial ?? 0) + 1 });
    } finally {
      tamper = null;
    }
    expect(requests.slice(before).map((url) => url.slice(baseUrl.length))).toEqual([`/api/v1/hashes/prefixes?size=4&since=${serial}`, '/api/v1/hashes/prefixes?size=4']);
    expect((await client.check('sau-delta.example.com')).verdict).toBe('dangerous');
  });

  it('refuses a whole list that does not match its checksum', async () => {
    const client = newClient();
    tamper = (_url, body) => ({ ...body, checksum: '0'.repeat(64) });
    try {
      await expect(client.sync()).rejects.toThrow(/checksum/);
    } finally {
      tamper = null;
    }
  });

  it('refuses prefix sizes that would tell the server too much or nothing', () => {
    expect(() => newClient({ prefixSize: 3 })).toThrow(RangeError);
    expect(() => newClient({ prefixSize: 32 })).toThrow(RangeError);
    expect(newClient({ prefixSize: 8 }).prefixSize).toBe(8);
  });
});
