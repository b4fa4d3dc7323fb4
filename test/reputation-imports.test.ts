// Importing indicator files: the use case (chunks through applyListings, re-import changes
// nothing, revoked listings stay revoked, repeats within a file), the API (raw body or multipart,
// scopes, limits) and the admin upload page.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../src/core/errors.ts';
import { sha256Hex } from '../src/core/crypto.ts';
import type { Database, Tx } from '../src/core/db.ts';
import { importIndicators, type ImportProgress } from '../src/modules/reputation/imports/service.ts';
import { revokeIndicators } from '../src/modules/reputation/listings.ts';
import { expireListings } from '../src/runtime.ts';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { person, rows, type Person } from './helpers/cases.ts';
import { check, historyOf } from './helpers/reputation.ts';

let t: TestApp;
let supervisor: Person;
let analyst: Person;
let provincialSupervisor: Person;
let nationalId: string;
const DAY = 86_400_000;

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/imports/${name}`, import.meta.url), 'utf8');

beforeAll(async () => {
  t = await createTestApp({ start: new Date('2026-03-02T03:00:00Z') });
  const national = await t.org({ kind: 'authority', scope: 'national' });
  nationalId = national.id;
  supervisor = await person(t, national.id, 'supervisor');
  analyst = await person(t, national.id, 'analyst');
  const province = await t.org({ kind: 'authority', scope: 'provincial', provinceCode: 'hue' });
  provincialSupervisor = await person(t, province.id, 'supervisor');
});
afterAll(() => t.close());

async function serial(): Promise<number> {
  const [row] = await rows<{ value: number }>(t, 'select value::int as value from reputation_serial');
  return row?.value ?? -1;
}

async function changeCount(): Promise<number> {
  const [row] = await rows<{ n: number }>(t, 'select count(*)::int as n from indicator_changes');
  return row?.n ?? -1;
}

const systemImport = (input: Parameters<typeof importIndicators>[2], onProgress?: (p: ImportProgress) => void, chunkSize?: number) =>
  importIndicators(t.database, t.ctx(), input, onProgress, { clock: t.clock, ...(chunkSize === undefined ? {} : { chunkSize }) });

describe('the use case', () => {
  it('lists the verified PhishTank rows with their references; a re-import of the file changes nothing', async () => {
    const text = fixture('phishtank.csv');
    const first = await systemImport({ format: 'phishtank', content: text, fileName: 'phishtank-2025-02-15.csv' });
    expect(first).toMatchObject({ format: 'phishtank', sourceKey: 'import:phishtank', fileName: 'phishtank-2025-02-15.csv', added: 2, updated: 0, unchanged: 1, skipped: 0, invalid: 2, ignored: 1 });
    expect(first.fileSha256).toBe(sha256Hex(text));
    expect(first.problems.map((p) => p.line)).toEqual([5, 7]);
    const [row] = await rows<{ source: string; source_key: string; source_ref: string; evidence_url: string; confidence: number; categories: string[]; first_seen: Date }>(
      t,
      "select * from indicators where value = 'https://secure-login.paypa1.example.com/signin'",
    );
    // The first of the two rows of this URL counts.
    expect(row).toMatchObject({ source: 'import', source_key: 'import:phishtank', source_ref: '8512001', evidence_url: 'http://www.phishtank.com/phish_detail.php?phish_id=8512001', confidence: 85, categories: ['phishing'] });
    expect(new Date(row?.first_seen ?? 0).toISOString()).toBe('2025-02-14T08:21:09.000Z');

    const before = { serial: await serial(), changes: await changeCount() };
    expect(before.serial).toBe(first.serial);
    t.clock.advance(60_000);
    const again = await systemImport({ format: 'phishtank', content: text, fileName: 'phishtank-2025-02-15.csv' });
    expect(again).toMatchObject({ added: 0, updated: 0, unchanged: 3, skipped: 0, invalid: 2, serial: before.serial, fileSha256: first.fileSha256 });
    expect({ serial: await serial(), changes: await changeCount() }).toEqual(before);
    const runs = await rows<{ file_sha256: string; added: number; unchanged: number; actor_name: string }>(t, "select * from indicator_imports where source_key = 'import:phishtank' order by started_at");
    expect(runs.map((r) => [r.added, r.unchanged, r.actor_name])).toEqual([[2, 1, 'test'], [0, 3, 'test']]);
    const audit = await rows<{ action: string; subject_id: string; summary: Record<string, unknown> }>(t, "select * from audit_log where action = 'indicator.imported' order by seq");
    expect(audit.map((a) => a.subject_id)).toEqual([first.id, again.id]);
    expect(audit[0]?.summary).toMatchObject({ format: 'phishtank', sourceKey: 'import:phishtank', added: 2, invalid: 2, fileSha256: first.fileSha256 });
  });

  it('applies chunks of the given size, reporting progress by bytes read, with the same outcome', async () => {
    const text = fixture('indicators.csv');
    const progress: ImportProgress[] = [];
    let transactions = 0;
    const counting: Database = Object.assign(Object.create(t.database) as Database, {
      transaction: <T,>(fn: (tx: Tx) => Promise<T>) => {
        transactions++;
        return t.database.transaction(fn);
      },
    });
    const input = { format: 'csv', sourceKey: 'import:own_feed', content: Buffer.from(text), totalBytes: Buffer.byteLength(text) };
    const result = await importIndicators(counting, t.ctx(), input, (p) => progress.push(p), { clock: t.clock, chunkSize: 2 });
    expect(result).toMatchObject({ added: 6, updated: 0, unchanged: 0, invalid: 2 });
    // Six listings in chunks of two: three transactions, then the one that records the run.
    expect(transactions).toBe(4);
    expect(progress.at(-1)).toEqual({ bytesRead: Buffer.byteLength(text), totalBytes: Buffer.byteLength(text), entries: 8, invalid: 2 });
    const trusted = await rows<{ verdict: string; expires_at: Date | null; categories: string[] }>(t, "select * from indicators where value = 'nganhang-chinhthuc.example.vn'");
    expect(trusted).toEqual([expect.objectContaining({ verdict: 'trusted', expires_at: null, categories: [] })]);
  });

  it('a changed entry is updated with a history line naming the import; a revoked one is left alone', async () => {
    await systemImport({ format: 'openphish', sourceKey: 'import:op', content: 'https://a.revoke.example.com/\nhttps://b.revoke.example.com/\n' });
    const [listed] = await rows<{ id: string }>(t, "select id from indicators where value = 'https://a.revoke.example.com/'");
    await t.database.transaction((tx) => revokeIndicators(tx, t.ctx(), [listed?.id ?? ''], 'appeal granted'));
    const csv = 'type,value,confidence,categories\nurl,https://a.revoke.example.com/,75,phishing\nurl,https://b.revoke.example.com/,60,phishing\n';
    const result = await systemImport({ format: 'csv', sourceKey: 'import:op', content: csv });
    expect(result).toMatchObject({ added: 0, updated: 1, unchanged: 0, skipped: 1 });
    expect((await historyOf(t, 'https://a.revoke.example.com/')).map((h) => h.action)).toEqual(['listed', 'revoked']);
    expect((await historyOf(t, 'https://b.revoke.example.com/')).map((h) => [h.action, h.note])).toEqual([['listed', 'import import:op'], ['updated', 'import import:op']]);
  });

  it('reads a stream of byte chunks cut inside multi-byte characters', async () => {
    const text = JSON.stringify([{ url: 'https://ngân-hàng-giả.example.vn/đăng-nhập', meta: { category: 'Giả mạo' } }]);
    const bytes = Buffer.from(text);
    async function* oneByteAtATime() {
      for (const byte of bytes) yield Uint8Array.of(byte);
    }
    const result = await systemImport({ format: 'chongluadao', content: oneByteAtATime() });
    expect(result).toMatchObject({ added: 1, invalid: 0, fileSha256: sha256Hex(text) });
    await t.catchUpIndex();
    expect(await check(t, 'https://ngân-hàng-giả.example.vn/đăng-nhập')).toMatchObject({ verdict: 'dangerous', categories: ['phishing'] });
  });

  it('refuses a bad format or source key before reading anything', async () => {
    const refusal = async (input: Parameters<typeof importIndicators>[2]) => systemImport(input).then(() => null, (error: unknown) => error);
    for (const [input, field] of [
      [{ format: 'xml', content: 'x' }, 'format'],
      [{ format: 'csv', sourceKey: 'phishtank', content: 'x' }, 'source'],
      [{ format: 'csv', sourceKey: 'import:Has Spaces', content: 'x' }, 'source'],
      [{ format: 'csv', sourceKey: `import:${'a'.repeat(41)}`, content: 'x' }, 'source'],
    ] as const) {
      const error = await refusal(input);
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ field })] });
    }
  });

  it('needs indicator.import: national supervisors and admins only', async () => {
    const userCtx = async (p: Person) => {
      const response = await t.app.inject({ method: 'POST', url: '/api/v1/indicators/import?format=openphish', headers: { ...p.headers, 'content-type': 'text/plain' }, payload: 'http://x.example.com/\n' });
      return response.statusCode;
    };
    expect(await userCtx(analyst)).toBe(403);
    expect(await userCtx(provincialSupervisor)).toBe(403);
    expect(await userCtx(supervisor)).toBe(200);
    const anonymous = await t.app.inject({ method: 'POST', url: '/api/v1/indicators/import?format=openphish', headers: { 'content-type': 'text/plain' }, payload: 'http://x.example.com/\n' });
    expect(anonymous.statusCode).toBe(401);
  });
});

describe('POST /api/v1/indicators/import', () => {
  type Result = { added: number; updated: number; unchanged: number; skipped: number; invalid: number; ignored: number; serial: number; sourceKey: string; fileName: string | null; problems: { line: number; reason: string }[] };

  it('takes a raw CSV body with a bearer token (indicators:write) and answers from the new state at once', async () => {
    const token = await t.token(nationalId, ['indicators:write']);
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/indicators/import?format=urlhaus&source=import:urlhaus_recent', headers: { ...token, 'content-type': 'text/csv; charset=utf-8' }, payload: fixture('urlhaus.csv') });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<Result>();
    expect(body).toMatchObject({ added: 3, invalid: 1, sourceKey: 'import:urlhaus_recent', fileName: null, problems: [{ line: 13, reason: 'no URL' }] });
    // No catch-up by the test: the route brought the index up to date.
    const answer = await check(t, 'http://update-flash.example.net/flashplayer.exe');
    expect(answer).toMatchObject({ verdict: 'dangerous', categories: ['malware'] });
    expect(answer.serial).toBeGreaterThanOrEqual(body.serial);
  });

  it('takes JSON and text bodies as files, not as parsed JSON', async () => {
    const token = await t.token(nationalId, ['indicators:write']);
    const json = await t.app.inject({ method: 'POST', url: '/api/v1/indicators/import?format=json', headers: { ...token, 'content-type': 'application/json' }, payload: fixture('indicators.json') });
    expect(json.statusCode, json.body).toBe(200);
    expect(json.json<Result>()).toMatchObject({ added: 5, invalid: 2, sourceKey: 'import:json' });
    const text = await t.app.inject({ method: 'POST', url: '/api/v1/indicators/import?format=openphish', headers: { ...token, 'content-type': 'text/plain' }, payload: fixture('openphish.txt') });
    expect(text.json<Result>()).toMatchObject({ added: 3, unchanged: 1, invalid: 1 });
  });

  it('takes a multipart file with the format and source as fields', async () => {
    const token = await t.token(nationalId, ['indicators:write']);
    const form = new FormData();
    form.append('format', 'chongluadao');
    form.append('source', 'import:chongluadao');
    form.append('file', new Blob([fixture('chongluadao.json')], { type: 'application/json' }), 'blacklist.json');
    const request = new Response(form);
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/indicators/import', headers: { ...token, 'content-type': request.headers.get('content-type') ?? '' }, payload: Buffer.from(await request.arrayBuffer()) });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<Result>()).toMatchObject({ added: 9, invalid: 3, fileName: 'blacklist.json', sourceKey: 'import:chongluadao' });
    expect(await check(t, 'dang-nhap.vietcombank-khuyenmai.example.com')).toMatchObject({ verdict: 'dangerous' });
    expect(await check(t, 'http://shopee-hoan-tien.example.com/xac-nhan/buoc-2')).toMatchObject({ verdict: 'dangerous' });
  });

  it('refuses without the scope, without a format, with another content type or without a body', async () => {
    const readOnly = await t.token(nationalId, ['indicators:read']);
    const noScope = await t.app.inject({ method: 'POST', url: '/api/v1/indicators/import?format=openphish', headers: { ...readOnly, 'content-type': 'text/plain' }, payload: 'http://x.example.com/' });
    expect(noScope.statusCode).toBe(403);
    expect(noScope.json()).toMatchObject({ error: { code: 'SCOPE_MISSING' } });
    const token = await t.token(nationalId, ['indicators:write']);
    const noFormat = await t.app.inject({ method: 'POST', url: '/api/v1/indicators/import', headers: { ...token, 'content-type': 'text/plain' }, payload: 'http://x.example.com/' });
    expect(noFormat.statusCode).toBe(400);
    expect(noFormat.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', details: [{ field: 'format' }] } });
    const badFormat = await t.app.inject({ method: 'POST', url: '/api/v1/indicators/import?format=xml', headers: { ...token, 'content-type': 'text/plain' }, payload: 'x' });
    expect(badFormat.statusCode).toBe(400);
    const xml = await t.app.inject({ method: 'POST', url: '/api/v1/indicators/import?format=openphish', headers: { ...token, 'content-type': 'application/xml' }, payload: '<x/>' });
    expect(xml.statusCode).toBe(415);
    const empty = await t.app.inject({ method: 'POST', url: '/api/v1/indicators/import?format=openphish', headers: token });
    expect(empty.statusCode).toBe(400);
  });

  it('takes a multipart file past the 10 MB of report evidence, and refuses one over 50 MB, raw or multipart, naming the limit', async () => {
    const token = await t.token(nationalId, ['indicators:write']);
    const comments = new FormData();
    comments.append('file', new Blob(['# chú thích\n'.repeat(900_000), 'http://lon.example.com/\n']), 'big-list.txt');
    const accepted = new Response(comments);
    const large = await t.app.inject({ method: 'POST', url: '/api/v1/indicators/import?format=openphish&source=import:large', headers: { ...token, 'content-type': accepted.headers.get('content-type') ?? '' }, payload: Buffer.from(await accepted.arrayBuffer()) });
    expect(large.statusCode, large.body).toBe(200);
    expect(large.json()).toMatchObject({ added: 1, invalid: 0, fileName: 'big-list.txt' });
    const big = Buffer.alloc(50 * 1_048_576 + 1, 'a');
    const tooLarge = await t.app.inject({ method: 'POST', url: '/api/v1/indicators/import?format=openphish', headers: { ...token, 'content-type': 'text/plain' }, payload: big });
    expect(tooLarge.statusCode).toBe(413);
    const form = new FormData();
    form.append('file', new Blob([big]), 'big.txt');
    const request = new Response(form);
    const tooLargePart = await t.app.inject({ method: 'POST', url: '/api/v1/indicators/import?format=openphish', headers: { ...token, 'content-type': request.headers.get('content-type') ?? '' }, payload: Buffer.from(await request.arrayBuffer()) });
    expect(tooLargePart.statusCode).toBe(413);
    expect(tooLargePart.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE', details: [{ field: 'file', message: 'larger than 50 MB' }] } });
  }, 120_000);

  it('lists the recent imports', async () => {
    const token = await t.token(nationalId, ['indicators:write']);
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/indicators/imports', headers: token });
    expect(response.statusCode).toBe(200);
    const imports = response.json<{ imports: { sourceKey: string; fileSha256: string; actorName: string }[] }>().imports;
    expect(imports.length).toBeGreaterThan(5);
    expect(imports.map((i) => i.sourceKey)).toContain('import:urlhaus_recent');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/indicators/imports', headers: analyst.headers })).statusCode).toBe(403);
  });
});

describe('the upload page', () => {
  const csrfOf = (p: Person): string => p.headers['x-csrf-token'] ?? '';

  async function upload(p: Person, fields: Record<string, string>, file: { name: string; text: string } | null) {
    const form = new FormData();
    form.append('_csrf', csrfOf(p));
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('file', new Blob([file?.text ?? '']), file?.name ?? '');
    const request = new Response(form);
    return t.app.inject({ method: 'POST', url: '/admin/indicators/import', headers: { cookie: p.headers.cookie ?? '', 'content-type': request.headers.get('content-type') ?? '' }, payload: Buffer.from(await request.arrayBuffer()) });
  }

  it('shows the form and the recent imports to a national supervisor, and no one else', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/admin/indicators/import', headers: { cookie: supervisor.headers.cookie ?? '' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('enctype="multipart/form-data"');
    expect(page.body).toContain('Nhập danh sách chỉ báo');
    expect(page.body).toContain('import:phishtank');
    const english = await t.app.inject({ method: 'GET', url: '/admin/indicators/import?lang=en', headers: { cookie: supervisor.headers.cookie ?? '' } });
    expect(english.body).toContain('Import indicators');
    expect((await t.app.inject({ method: 'GET', url: '/admin/indicators/import', headers: { cookie: analyst.headers.cookie ?? '' } })).statusCode).toBe(403);
    const anonymous = await t.app.inject({ method: 'GET', url: '/admin/indicators/import' });
    expect(anonymous.statusCode).toBe(303);
  });

  it('imports an uploaded file and shows the counts and the invalid lines', async () => {
    const response = await upload(supervisor, { format: 'phishtank', source: 'import:phishtank_page' }, { name: 'verified_online.csv', text: fixture('phishtank.csv') });
    expect(response.statusCode, response.body.slice(0, 500)).toBe(200);
    expect(response.body).toContain('verified_online.csv');
    expect(response.body).toMatch(/Thêm mới<\/dt><dd>2</);
    expect(response.body).toContain('submission_time is not a date');
    expect((await rows(t, "select 1 from indicators where source_key = 'import:phishtank_page'")).length).toBe(2);
  });

  it('brings the form back with the problem named: no file, a bad source key, no CSRF token', async () => {
    const noFile = await upload(supervisor, { format: 'openphish' }, null);
    expect(noFile.statusCode).toBe(400);
    expect(noFile.body).toContain('Hãy chọn một tệp.');
    const badSource = await upload(supervisor, { format: 'openphish', source: 'nguon la' }, { name: 'a.txt', text: 'http://x.example.com/' });
    expect(badSource.statusCode).toBe(400);
    expect(badSource.body).toContain('Mã nguồn phải có dạng import:');
    expect(badSource.body).toContain('value="nguon la"');
    const forged = await upload({ ...supervisor, headers: { ...supervisor.headers, 'x-csrf-token': 'forged' } }, { format: 'openphish' }, { name: 'a.txt', text: 'http://x.example.com/' });
    expect(forged.statusCode).toBe(403);
  });

  it('sends a file over 50 MB back to the page, which names the limit', async () => {
    const response = await upload(supervisor, { format: 'openphish' }, { name: 'big.txt', text: 'a'.repeat(50 * 1_048_576 + 1) });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/admin/indicators/import?error=too_large');
    const page = await t.app.inject({ method: 'GET', url: response.headers.location, headers: { cookie: supervisor.headers.cookie ?? '' } });
    expect(page.body).toContain('Tệp lớn hơn 50 MB.');
    expect(page.body).toContain('href="#field-file"');
  }, 120_000);
});

// Last: it moves the clock past every session's life.
describe('after the listings expired', () => {
  it('an expired listing is listed again (relisted counts as updated)', async () => {
    await systemImport({ format: 'urlhaus', sourceKey: 'import:expiry', content: 'http://het-han.example.net/x.exe\n' });
    t.clock.advance(400 * DAY);
    expect(await expireListings(t)).toBeGreaterThan(0);
    const result = await systemImport({ format: 'urlhaus', sourceKey: 'import:expiry', content: 'http://het-han.example.net/x.exe\n' });
    expect(result).toMatchObject({ added: 0, updated: 1, unchanged: 0 });
    expect((await historyOf(t, 'http://het-han.example.net/x.exe')).map((h) => h.action)).toEqual(['listed', 'expired', 'relisted']);
  });
});
