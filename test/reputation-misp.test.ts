// The MISP feed (/feeds/misp/): manifest.json, one event per Vietnam day of first sighting, and
// hashes.csv — consistent with each other, typed attributes, deletions carried as deleted.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeIndicators } from '../src/modules/reputation/listings.ts';
import { MISP_ORG_UUID, mispEventUuid } from '../src/modules/reputation/taxii/ids.ts';
import { dayBounds, vietnamDay } from '../src/modules/reputation/taxii/misp.ts';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { list } from './helpers/reputation.ts';

type ManifestEntry = { Orgc: { name: string; uuid: string }; Tag: { name: string; colour: string }[]; info: string; date: string; analysis: string; threat_level_id: string; timestamp: string };
type Attribute = { uuid: string; type: string; category: string; value: string; to_ids: boolean; comment: string; timestamp: string; deleted?: boolean };
type MispEvent = { Event: ManifestEntry & { uuid: string; published: boolean; publish_timestamp: string; Attribute: Attribute[] } };

let t: TestApp;
const NOW = new Date('2026-03-02T03:00:00Z'); // 10:00 in Vietnam
const MAR_1 = '2026-03-01';
const MAR_2 = '2026-03-02';

async function manifest() {
  const response = await t.app.inject({ method: 'GET', url: '/feeds/misp/manifest.json' });
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
  return { response, body: response.json<Record<string, ManifestEntry>>() };
}

async function event(uuid: string) {
  const response = await t.app.inject({ method: 'GET', url: `/feeds/misp/${uuid}.json` });
  expect(response.statusCode).toBe(200);
  return response.json<MispEvent>().Event;
}

async function hashes() {
  const response = await t.app.inject({ method: 'GET', url: '/feeds/misp/hashes.csv' });
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
  return response.body.split('\n').filter((line) => line !== '');
}

async function idOf(value: string) {
  const [row] = (await t.database.sql.executeSql('select id from indicators where value = $1', [value])).rows as { id: string }[];
  return row?.id ?? '';
}

const md5 = (value: string) => createHash('md5').update(value, 'utf8').digest('hex');

beforeAll(async () => {
  t = await createTestApp({ start: NOW });
  await list(t, [
    // 01:30 on 2 March in Vietnam, still 1 March in UTC.
    { value: 'sang-som.example.com', type: 'domain', seenAt: new Date('2026-03-01T18:30:00Z') },
    // 23:00 on 1 March in Vietnam.
    { value: 'http://toi-muon.example.com/dang-nhap', seenAt: new Date('2026-03-01T16:00:00Z'), categories: ['phishing', 'impersonation'] },
    { value: 'bi-thu-hoi.example.com', type: 'domain', seenAt: new Date('2026-03-01T10:00:00Z') },
    { value: '*.qua-tang.example.net', type: 'domain' },
    { value: '198.51.100.0/24' },
    { value: 'ho-tro@lua-dao.example.com' },
    { value: 'd41d8cd98f00b204e9800998ecf8427e' },
    { value: '0912 000 111', categories: ['scam'] },
    { value: 'Vietcombank 0123456789', categories: ['scam'] },
    { value: 'https://www.facebook.com/scam.page' },
    { value: 'Bạn đã trúng thưởng, bấm vào link', type: 'text' },
    { value: 'dang-ngo.example.com', type: 'domain', verdict: 'suspicious' },
  ]);
  await list(t, [{ value: 'that.example.vn', type: 'domain', verdict: 'trusted', source: 'registry', sourceKey: 'registry' }]);
  await t.database.transaction(async (tx) => revokeIndicators(tx, t.ctx(), [await idOfIn(tx.sql, 'bi-thu-hoi.example.com')], 'appeal granted'));
});
afterAll(() => t.close());

async function idOfIn(sql: { executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> }, value: string) {
  const [row] = (await sql.executeSql('select id from indicators where value = $1', [value])).rows as { id: string }[];
  return row?.id ?? '';
}

describe('the day of first sighting', () => {
  it('is the calendar day in Vietnam (UTC+7)', () => {
    expect(vietnamDay(Date.parse('2026-03-01T16:59:59.999Z'))).toBe(MAR_1);
    expect(vietnamDay(Date.parse('2026-03-01T17:00:00Z'))).toBe(MAR_2);
    expect(dayBounds(MAR_2)).toEqual({ from: new Date('2026-03-01T17:00:00Z'), to: new Date('2026-03-02T17:00:00Z') });
  });
});

describe('manifest.json', () => {
  it('lists one event per day with the fields MISP reads', async () => {
    const { body } = await manifest();
    expect(Object.keys(body).sort()).toEqual([mispEventUuid(MAR_1), mispEventUuid(MAR_2)].sort());
    const day2 = body[mispEventUuid(MAR_2)];
    expect(day2).toEqual({
      Orgc: { name: 'antoan', uuid: MISP_ORG_UUID },
      Tag: [{ name: 'tlp:clear', colour: '#ffffff' }],
      info: expect.stringContaining(MAR_2) as string,
      date: MAR_2,
      analysis: '2',
      threat_level_id: '1',
      timestamp: String(NOW.getTime() / 1000),
    });
    expect(body[mispEventUuid(MAR_1)]?.date).toBe(MAR_1);
  });
});

describe('events', () => {
  it('start with the manifest’s fields and hold the day’s listings as typed attributes', async () => {
    const { body } = await manifest();
    for (const [uuid, entry] of Object.entries(body)) {
      const found = await event(uuid);
      expect(found).toMatchObject({ ...entry, Tag: [{ name: 'tlp:clear', colour: '#ffffff', exportable: true }], uuid, published: true, publish_timestamp: entry.timestamp });
    }
    const day2 = await event(mispEventUuid(MAR_2));
    const byValue = new Map(day2.Attribute.map((a) => [a.value, a]));
    expect([...byValue.keys()].sort()).toEqual(
      ['sang-som.example.com', 'qua-tang.example.net', '198.51.100.0/24', 'ho-tro@lua-dao.example.com', 'd41d8cd98f00b204e9800998ecf8427e', '+84912000111', '0123456789', 'facebook:scam.page', 'Bạn đã trúng thưởng, bấm vào link', 'dang-ngo.example.com'].sort(),
    );
    const pick = (value: string) => {
      const attribute = byValue.get(value);
      return attribute === undefined ? undefined : { type: attribute.type, category: attribute.category, to_ids: attribute.to_ids };
    };
    expect(pick('sang-som.example.com')).toEqual({ type: 'domain', category: 'Network activity', to_ids: true });
    expect(pick('198.51.100.0/24')).toEqual({ type: 'ip-dst', category: 'Network activity', to_ids: true });
    expect(pick('ho-tro@lua-dao.example.com')).toEqual({ type: 'email-src', category: 'Payload delivery', to_ids: true });
    expect(pick('d41d8cd98f00b204e9800998ecf8427e')).toEqual({ type: 'md5', category: 'Payload delivery', to_ids: true });
    expect(pick('+84912000111')).toEqual({ type: 'phone-number', category: 'Financial fraud', to_ids: true });
    expect(pick('0123456789')).toEqual({ type: 'bank-account-nr', category: 'Financial fraud', to_ids: true });
    expect(pick('facebook:scam.page')).toEqual({ type: 'text', category: 'Social network', to_ids: false });
    expect(pick('Bạn đã trúng thưởng, bấm vào link')).toEqual({ type: 'text', category: 'Other', to_ids: false });
    // Suspicious listings are shared, not pushed to sensors.
    expect(pick('dang-ngo.example.com')).toEqual({ type: 'domain', category: 'Network activity', to_ids: false });
    expect(byValue.get('qua-tang.example.net')?.comment).toContain('every subdomain');
    expect(byValue.get('0123456789')?.comment).toBe('scam; bank VCB');
    expect(byValue.get('sang-som.example.com')?.uuid).toBe(await idOf('sang-som.example.com'));
    expect(byValue.get('sang-som.example.com')?.timestamp).toBe(String(NOW.getTime() / 1000));
    expect(JSON.stringify(day2)).not.toContain('that.example.vn');
  });

  it('carry a revoked listing as deleted, no longer to_ids', async () => {
    const day1 = await event(mispEventUuid(MAR_1));
    expect(day1.Attribute.map((a) => [a.value, a.deleted ?? false, a.to_ids])).toEqual([
      ['http://toi-muon.example.com/dang-nhap', false, true],
      ['bi-thu-hoi.example.com', true, false],
    ]);
    expect(day1.Attribute[0]?.comment).toBe('phishing, impersonation');
  });

  it('answer 404 for an event that is not in the manifest', async () => {
    for (const name of [`${mispEventUuid('2020-01-01')}.json`, 'khong-phai.json', `${mispEventUuid(MAR_1)}.xml`]) {
      expect((await t.app.inject({ method: 'GET', url: `/feeds/misp/${name}` })).statusCode).toBe(404);
    }
  });
});

describe('hashes.csv', () => {
  it('has a line per attribute in force: the MD5 of its value and its event, every event in the manifest', async () => {
    const lines = await hashes();
    const { body } = await manifest();
    const expected: string[] = [];
    for (const uuid of Object.keys(body)) {
      for (const attribute of (await event(uuid)).Attribute) if (attribute.deleted !== true) expected.push(`${md5(attribute.value)},${uuid}`);
    }
    expect(lines.sort()).toEqual(expected.sort());
    expect(lines).toHaveLength(11);
    expect(lines).toContain(`${md5('http://toi-muon.example.com/dang-nhap')},${mispEventUuid(MAR_1)}`);
    expect(lines.join('\n')).not.toContain(md5('bi-thu-hoi.example.com'));
  });
});

describe('changes', () => {
  it('move the event’s timestamp and the ETag, so MISP fetches the event again', async () => {
    const before = await manifest();
    const etag = String(before.response.headers.etag);
    expect((await t.app.inject({ method: 'GET', url: '/feeds/misp/manifest.json', headers: { 'if-none-match': etag } })).statusCode).toBe(304);
    t.clock.advance(3_600_000);
    await t.database.transaction(async (tx) => revokeIndicators(tx, t.ctx(), [await idOfIn(tx.sql, 'sang-som.example.com')], 'appeal granted'));
    const after = await manifest();
    expect(after.response.headers.etag).not.toBe(etag);
    expect(after.body[mispEventUuid(MAR_2)]?.timestamp).toBe(String(t.clock.now().getTime() / 1000));
    expect(after.body[mispEventUuid(MAR_1)]).toEqual(before.body[mispEventUuid(MAR_1)]);
    const day2 = await event(mispEventUuid(MAR_2));
    expect(day2.Attribute.find((a) => a.value === 'sang-som.example.com')).toMatchObject({ deleted: true, to_ids: false });
    expect(await hashes()).toHaveLength(10);
  });
});
