// The blocking and open feeds (RPZ, hosts, domains.txt, AdBlock, CSV, JSON) for a fixed set of
// listings: what goes where, the zone checked by BIND's named-checkzone, serials, revocation
// reaching every feed at the next serial, ETag/304, gzip, ?since= deltas and the RPZ's token.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeIndicators } from '../src/modules/reputation/listings.ts';
import { expireListings } from '../src/runtime.ts';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { rows } from './helpers/cases.ts';
import { list } from './helpers/reputation.ts';

const run = promisify(execFile);
let t: TestApp;
let telecomToken: Record<string, string>;
let scratch: string;

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

/** The records of a feed body: its lines without comments and blanks. */
const entries = (body: string, comment = /^[#!;[]/) =>
  body
    .split('\n')
    .filter((line) => line !== '' && !comment.test(line))
    .sort();

const rpzRecords = (body: string) => entries(body).filter((line) => !line.startsWith('$') && !line.startsWith('@'));

async function idsOf(value: string): Promise<string[]> {
  return (await rows<{ id: string }>(t, 'select id from indicators where value = $1 order by id', [value])).map((r) => r.id);
}

async function serialNow(): Promise<number> {
  const [row] = await rows<{ value: string | number }>(t, 'select value from reputation_serial where id = 1');
  return Number(row?.value ?? 0);
}

/** named-checkzone on a zone: its exit code, output, and the records of the canonical dump. */
async function checkZone(zone: string) {
  const file = path.join(scratch, `zone-${Date.now()}-${Math.random().toString(36).slice(2)}.rpz`);
  await writeFile(file, zone);
  const checked = await run('named-checkzone', ['rpz.antoan.local', file]);
  const dumped = await run('named-checkzone', ['-q', '-D', '-o', '-', 'rpz.antoan.local', file]);
  return { output: checked.stdout, records: dumped.stdout.split('\n').filter((line) => line.trim() !== '') };
}

beforeAll(async () => {
  t = await createTestApp({ start: new Date('2026-03-02T03:00:00Z') });
  scratch = await mkdtemp(path.join(tmpdir(), 'antoan-feeds-'));
  const telecom = await t.org({ kind: 'telecom' });
  telecomToken = await t.token(telecom.id, ['feeds:read']);
  await list(t, [
    { value: 'lua-dao.example.com', type: 'domain' },
    { value: '*.gia-mao.example.net', type: 'domain' },
    { value: 'https://trang-lua.example.org/', type: 'url' },
    { value: 'http://trang-lua.example.org/', type: 'url' },
    { value: 'https://shared-host.example.com/phishing/login.html', type: 'url' },
    { value: '1.2.3.4', type: 'ip', categories: ['scam'] },
    { value: '45.33.32.0/24', type: 'ip', categories: ['scam'] },
    { value: '2a01:4f8::1', type: 'ip', categories: ['scam'] },
    { value: '2a01:4f8:c0c::/48', type: 'ip', categories: ['scam'] },
    { value: '10.1.2.3', type: 'ip', categories: ['scam'] },
    { value: '+84912345678', type: 'phone', categories: ['scam', 'impersonation'] },
  ]);
  await list(t, [{ value: 'lua-dao.example.com', type: 'domain', sourceKey: 'import:other', categories: ['scam'] }]);
  await list(t, [{ value: 'co-the.example.info', type: 'domain', verdict: 'suspicious' }]);
  await list(t, [
    { value: 'vietcombank.com.vn', type: 'domain', verdict: 'trusted', source: 'registry', sourceKey: 'registry', categories: [] },
    { value: 'an-toan.gia-mao.example.net', type: 'domain', verdict: 'trusted', source: 'registry', sourceKey: 'registry', categories: [] },
    { value: '45.33.32.10', type: 'ip', verdict: 'trusted', source: 'registry', sourceKey: 'registry', categories: [] },
  ]);
});
afterAll(async () => {
  await t.close();
  await rm(scratch, { recursive: true, force: true });
});

describe('what each feed carries', () => {
  it('RPZ: dangerous names (a wildcard as itself and its apex), whole-site URLs, public IP ranges; passthru under a blocked wildcard or range', async () => {
    const response = await get('/feeds/rpz', telecomToken);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(response.headers['cache-control']).toBe('private, max-age=60');
    expect(rpzRecords(response.body)).toEqual(
      [
        'lua-dao.example.com CNAME .',
        'gia-mao.example.net CNAME .',
        '*.gia-mao.example.net CNAME .',
        'an-toan.gia-mao.example.net CNAME rpz-passthru.',
        'trang-lua.example.org CNAME .',
        '32.4.3.2.1.rpz-ip CNAME .',
        '24.0.32.33.45.rpz-ip CNAME .',
        '32.10.32.33.45.rpz-ip CNAME rpz-passthru.',
        '128.1.zz.4f8.2a01.rpz-ip CNAME .',
        '48.zz.c0c.4f8.2a01.rpz-ip CNAME .',
      ].sort(),
    );
    // Not there: a URL with a path (its host is shared), a private address, phones, suspicious and trusted names.
    expect(response.body).not.toMatch(/shared-host|10\.1\.2\.3|1\.2\.1\.10|84912345678|co-the|vietcombank/);
    expect(response.body).toMatch(/; end of zone: 10 policy records\n$/);
  });

  it('is a zone BIND loads: named-checkzone passes, with the SOA serial equal to the change serial', async () => {
    const serial = await serialNow();
    const response = await get('/feeds/rpz', telecomToken);
    expect(response.headers['x-antoan-serial']).toBe(String(serial));
    const zone = await checkZone(response.body);
    expect(zone.output).toContain(`zone rpz.antoan.local/IN: loaded serial ${serial}`);
    expect(zone.records).toHaveLength(12); // SOA, NS and the 10 policy records
    expect(zone.records.filter((r) => /\sCNAME\s/.test(r))).toHaveLength(10);
    expect(zone.records.find((r) => /\sSOA\s/.test(r))).toMatch(new RegExp(`localhost\\. hostmaster\\.localhost\\. ${serial} 300 60 604800 60$`));
  });

  it('hosts, domains.txt and AdBlock: the blocked host names only', async () => {
    const names = ['gia-mao.example.net', 'lua-dao.example.com', 'trang-lua.example.org'];
    const hosts = await get('/feeds/hosts');
    expect(hosts.statusCode).toBe(200);
    expect(hosts.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(hosts.headers['cache-control']).toBe('public, max-age=60');
    expect(hosts.headers['set-cookie']).toBeUndefined(); // a shared cache must not pass a cookie on
    expect(entries(hosts.body)).toEqual(names.map((n) => `0.0.0.0 ${n}`));
    expect(hosts.body).toMatch(/# end of list: 3 entries\n$/);
    const domains = await get('/feeds/domains.txt');
    expect(entries(domains.body)).toEqual(names);
    const adblock = await get('/feeds/adblock.txt');
    expect(adblock.body.startsWith('[Adblock Plus 2.0]\n')).toBe(true);
    expect(entries(adblock.body)).toEqual(names.map((n) => `||${n}^`));
  });

  it('CSV: every listing in force, every type and verdict, properly escaped', async () => {
    const response = await get('/feeds/indicators.csv');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
    const [header, ...lines] = response.body.trimEnd().split('\n');
    expect(header).toBe('type,value,verdict,categories,confidence,first_seen,last_verified,expires_at,source,evidence_url,status,id,serial');
    expect(lines).toHaveLength(16);
    const phone = lines.find((line) => line.startsWith('phone,'));
    expect(phone).toMatch(/^phone,\+84912345678,dangerous,scam\|impersonation,80,2026-03-02T03:00:00\.000Z,2026-03-02T03:00:00\.000Z,2027-03-02T03:00:00\.000Z,import,,active,[0-9a-f-]{36},\d+$/);
    expect(lines.filter((line) => line.startsWith('domain,lua-dao.example.com,'))).toHaveLength(2);
    expect(lines.find((line) => line.startsWith('domain,vietcombank.com.vn,'))).toMatch(/^domain,vietcombank\.com\.vn,trusted,,80,[^,]+,[^,]+,,registry,,active,/);
    expect(lines.some((line) => line.startsWith('domain,co-the.example.info,suspicious,'))).toBe(true);
  });

  it('CSV quotes a field with commas or quotes, doubling the quotes', async () => {
    await list(t, [{ value: 'Chuyển khoản "ngay", nhận quà', type: 'text', verdict: 'suspicious', categories: ['scam'] }]);
    const response = await get('/feeds/indicators.csv');
    expect(response.body).toContain('\ntext,"Chuyển khoản ""ngay"", nhận quà",suspicious,scam,');
    expect(response.body.trimEnd().split('\n')).toHaveLength(1 + 17);
  });

  it('JSON: {serial, generatedAt, indicators} with every listing', async () => {
    const response = await get('/feeds/indicators.json');
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = response.json<{ serial: number; generatedAt: string; count: number; indicators: { id: string; type: string; value: string; verdict: string; categories: string[]; expiresAt: string | null; status: string }[] }>();
    expect(body.serial).toBe(await serialNow());
    expect(body.generatedAt).toBe('2026-03-02T03:00:00.000Z');
    expect(body.indicators).toHaveLength(17);
    expect(body.count).toBe(17);
    expect(body.indicators.find((i) => i.value === '*.gia-mao.example.net')).toMatchObject({ type: 'domain', verdict: 'dangerous', categories: ['phishing'], status: 'active', expiresAt: '2026-08-29T03:00:00.000Z' });
    expect(body.indicators.find((i) => i.value === 'vietcombank.com.vn')).toMatchObject({ verdict: 'trusted', expiresAt: null });
  });
});

describe('serials, caching and compression', () => {
  it('answers 304 to If-None-Match with the current ETag, a new body after a change', async () => {
    const first = await get('/feeds/hosts');
    const etag = first.headers.etag as string;
    expect(etag).toBe(`"hosts-${await serialNow()}"`);
    expect(first.headers.vary).toBe('accept-encoding');
    const again = await get('/feeds/hosts', { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(etag);
    await list(t, [{ value: 'moi-lua.example.com', type: 'domain' }]);
    const changed = await get('/feeds/hosts', { 'if-none-match': etag });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).toBe(`"hosts-${await serialNow()}"`);
    expect(entries(changed.body)).toContain('0.0.0.0 moi-lua.example.com');
  });

  it('gzips when asked: the same bytes once inflated, a weak ETag, and 304 either way', async () => {
    for (const url of ['/feeds/rpz', '/feeds/indicators.json', '/feeds/indicators.csv?since=0']) {
      const plain = await get(url, telecomToken);
      const zipped = await t.app.inject({ method: 'GET', url, headers: { ...telecomToken, 'accept-encoding': 'br;q=1, gzip;q=0.8' } });
      expect(zipped.statusCode).toBe(200);
      expect(zipped.headers['content-encoding']).toBe('gzip');
      expect(zipped.headers.vary).toBe('accept-encoding');
      expect(zipped.headers.etag).toBe(`W/${plain.headers.etag as string}`);
      expect(gunzipSync(zipped.rawPayload).toString('utf8')).toBe(plain.body);
      const cached = await get(url, { ...telecomToken, 'accept-encoding': 'gzip', 'if-none-match': zipped.headers.etag as string });
      expect(cached.statusCode).toBe(304);
    }
    const refused = await get('/feeds/hosts', { 'accept-encoding': 'gzip;q=0, identity' });
    expect(refused.headers['content-encoding']).toBeUndefined();
  });

  it('a revocation leaves every feed at the next serial, and the deltas say so', async () => {
    const before = await serialNow();
    const [id] = await idsOf('*.gia-mao.example.net');
    await t.database.transaction((tx) => revokeIndicators(tx, t.ctx(), [id ?? ''], 'Khiếu nại được chấp nhận'));
    // No catch-up here: each feed catches up with what is committed before it answers.
    const serial = await serialNow();
    expect(serial).toBe(before + 1);
    const rpz = await get('/feeds/rpz', telecomToken);
    expect(rpz.headers['x-antoan-serial']).toBe(String(serial));
    expect(rpz.body).not.toContain('gia-mao');
    expect((await checkZone(rpz.body)).output).toContain(`loaded serial ${serial}`);
    for (const url of ['/feeds/hosts', '/feeds/domains.txt', '/feeds/adblock.txt', '/feeds/indicators.csv', '/feeds/indicators.json']) {
      const response = await get(url);
      expect(response.headers['x-antoan-serial']).toBe(String(serial));
      expect(response.body.includes('*.gia-mao.example.net') || /(^|[ |])gia-mao\.example\.net/m.test(response.body)).toBe(false);
    }
    const csv = await get(`/feeds/indicators.csv?since=${before}`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers.etag).toBe(`"indicators.csv-${serial}-since-${before}"`);
    const lines = csv.body.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(new RegExp(`^domain,\\*\\.gia-mao\\.example\\.net,dangerous,phishing,80,.*,revoked,${id},${serial}$`));
    const json = (await get(`/feeds/indicators.json?since=${before}`)).json<{ serial: number; since: number; changes: { id: string; status: string }[] }>();
    expect(json).toMatchObject({ serial, since: before, changes: [{ id, status: 'revoked' }] });
  });

  it('a delta since 0 carries every listing ever changed, in serial order', async () => {
    const body = (await get('/feeds/indicators.json?since=0')).json<{ changes: { value: string; status: string; serial: number }[] }>();
    expect(body.changes.length).toBe(18);
    expect(body.changes.map((c) => c.serial)).toEqual([...body.changes.map((c) => c.serial)].sort((a, b) => a - b));
    expect(body.changes.filter((c) => c.status === 'revoked').map((c) => c.value)).toEqual(['*.gia-mao.example.net']);
  });

  it('refuses ?since= where the format cannot express removals, and a serial from the future', async () => {
    for (const url of ['/feeds/hosts?since=1', '/feeds/domains.txt?since=1', '/feeds/adblock.txt?since=1']) {
      const response = await get(url);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', details: [{ field: 'since' }] } });
    }
    expect((await get('/feeds/rpz?since=1', telecomToken)).statusCode).toBe(400);
    const ahead = await get(`/feeds/indicators.csv?since=${(await serialNow()) + 1}`);
    expect(ahead.statusCode).toBe(422);
    expect(ahead.json()).toMatchObject({ error: { code: 'SERIAL_AHEAD' } });
    expect((await get('/feeds/indicators.json?since=-1')).statusCode).toBe(400);
    expect((await get('/feeds/indicators.json?since=abc')).statusCode).toBe(400);
  });
});

describe('who may read the RPZ', () => {
  it('needs a token: none is 401, a platform’s is 403, a telecom’s without feeds:read is 403, a telecom’s with it is 200', async () => {
    const none = await get('/feeds/rpz');
    expect(none.statusCode).toBe(401);
    expect(none.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    const platform = await t.org({ kind: 'platform' });
    const platformResponse = await get('/feeds/rpz', await t.token(platform.id, ['feeds:read']));
    expect(platformResponse.statusCode).toBe(403);
    expect(platformResponse.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    const telecom = await t.org({ kind: 'telecom' });
    const unscoped = await get('/feeds/rpz', await t.token(telecom.id, ['org:read']));
    expect(unscoped.statusCode).toBe(403);
    expect(unscoped.json()).toMatchObject({ error: { code: 'SCOPE_MISSING' } });
    expect((await get('/feeds/rpz', await t.token(telecom.id, ['feeds:read']))).statusCode).toBe(200);
    expect((await get('/feeds/rpz', { authorization: 'Bearer antoan_not-a-real-token' })).statusCode).toBe(401);
    const national = await t.org({ kind: 'authority', scope: 'national' });
    expect((await get('/feeds/rpz', await t.token(national.id, ['feeds:read']))).statusCode).toBe(200);
  });
});

describe('with a warning page, and expiry', () => {
  let w: TestApp;
  let token: Record<string, string>;
  const DAY = 86_400_000;

  beforeAll(async () => {
    w = await createTestApp({ start: new Date('2026-05-04T01:00:00Z'), config: { rpzWarningHost: 'canhbao.example.vn' } });
    const telecom = await w.org({ kind: 'telecom' });
    token = await w.token(telecom.id, ['feeds:read']);
    await list(w, [
      { value: '*.mao-danh.example.com', type: 'domain' },
      { value: 'that.mao-danh.example.com', type: 'domain', verdict: 'suspicious' },
      { value: '5.6.7.8', type: 'ip', categories: ['malware'] },
    ]);
  });
  afterAll(() => w.close());

  const feed = (url: string) => w.app.inject({ method: 'GET', url, headers: token });

  it('points blocked names at the warning host; passthru stays passthru', async () => {
    const response = await feed('/feeds/rpz');
    expect(rpzRecords(response.body)).toEqual(
      [
        'mao-danh.example.com CNAME canhbao.example.vn.',
        '*.mao-danh.example.com CNAME canhbao.example.vn.',
        'that.mao-danh.example.com CNAME rpz-passthru.',
        '32.8.7.6.5.rpz-ip CNAME canhbao.example.vn.',
      ].sort(),
    );
    expect((await checkZone(response.body)).records.filter((r) => /\sCNAME\s+canhbao\.example\.vn\.$/.test(r))).toHaveLength(3);
  });

  it('drops a listing from every feed once it expires, before the worker marks it; the delta reports it expired', async () => {
    const serial = Number((await feed('/feeds/rpz')).headers['x-antoan-serial']);
    // A malware address lives 14 days by the seeded rule, a domain 180.
    w.clock.advance(15 * DAY);
    const rpz = await feed('/feeds/rpz');
    expect(rpz.headers['x-antoan-serial']).toBe(String(serial));
    expect(rpz.body).not.toContain('rpz-ip');
    expect(rpz.body).toContain('mao-danh.example.com CNAME');
    const csv = await feed('/feeds/indicators.csv');
    expect(csv.body).not.toContain('5.6.7.8');
    expect(csv.body.trimEnd().split('\n')).toHaveLength(1 + 3 - 1);
    const delta = (await feed('/feeds/indicators.json?since=0')).json<{ changes: { value: string; status: string }[] }>();
    expect(delta.changes.find((c) => c.value === '5.6.7.8')?.status).toBe('expired');
    expect(await expireListings(w)).toBe(1);
    const after = await feed(`/feeds/indicators.csv?since=${serial}`);
    expect(after.body).toMatch(/\nip,5\.6\.7\.8,dangerous,malware,.*,expired,/);
  });
});
