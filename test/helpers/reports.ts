// Builders for reports: API bodies, multipart uploads and tiny evidence files.
import { deflateSync, crc32 } from 'node:zlib';
import type { Database } from '../../src/core/db.ts';
import type { TestApp } from './app.ts';
import { json } from './app.ts';

export type ReportBodyInput = {
  category?: string;
  targets?: { type?: string; value: string }[];
  description?: string;
  contact?: string | null;
  shareContact?: boolean;
  province?: string | null;
  locale?: 'vi' | 'en';
};

/** A valid report body; override what the test is about. */
export function buildReport(overrides: ReportBodyInput = {}) {
  return {
    category: 'scam',
    targets: [{ value: `https://lua-dao-${Math.random().toString(36).slice(2, 8)}.example.com/login` }],
    description: 'Trang web giả mạo ngân hàng yêu cầu nhập mã OTP để nhận quà.',
    ...overrides,
  };
}

/** Send a report over the JSON API. */
export async function postReport(t: TestApp, body: object, headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'POST', url: '/api/v1/reports', payload: body, headers });
}

/** Send a report and return its ticket and id (fails the test if refused). */
export async function submit(t: TestApp, overrides: ReportBodyInput = {}) {
  const response = await postReport(t, buildReport(overrides));
  if (response.statusCode !== 201) throw new Error(`report refused: ${response.statusCode} ${response.body}`);
  return json<{ id: string; ticket: string; status: string; trackUrl: string }>(response);
}

/** A multipart body (a JSON document in `jsonField`, `report` by default, + files) as inject payload and headers. */
export async function multipartReport(report: object | null, files: { name: string; bytes: Uint8Array; field?: string; type?: string }[], jsonField = 'report') {
  const form = new FormData();
  if (report !== null) form.append(jsonField, JSON.stringify(report));
  for (const file of files) form.append(file.field ?? 'evidence', new Blob([file.bytes], { type: file.type ?? 'application/octet-stream' }), file.name);
  const response = new Response(form);
  return { payload: Buffer.from(await response.arrayBuffer()), headers: { 'content-type': response.headers.get('content-type') ?? '' } };
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, 'latin1'), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** A valid 1×1 PNG, optionally with a text chunk (metadata that must be stripped). */
export function tinyPng(text?: string): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(1, 0);
  ihdr.writeUInt32BE(1, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const parts = [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr)];
  if (text !== undefined) parts.push(chunk('tEXt', Buffer.from(`Comment\0${text}`, 'latin1')));
  parts.push(chunk('IDAT', deflateSync(Buffer.from([0, 255, 0, 0]))), chunk('IEND', new Uint8Array()));
  return Buffer.concat(parts);
}

/** The first bytes of a Windows executable. */
export function windowsExecutable(): Buffer {
  const bytes = Buffer.alloc(512);
  bytes.write('MZ', 0, 'latin1');
  bytes.write('This program cannot be run in DOS mode.', 78, 'latin1');
  return bytes;
}

/** Rows in a table (to show that a refused request stored nothing). */
export async function countRows(database: Database, table: string): Promise<number> {
  const { rows } = await database.sql.executeSql(`select count(*)::int as n from ${table}`);
  return (rows[0] as { n: number } | undefined)?.n ?? 0;
}

/** The case id of a report, once the grouper has run. */
export async function caseOf(t: TestApp, reportId: string): Promise<string> {
  await t.groupReports();
  const { rows } = await t.database.sql.executeSql('select case_id from reports where id = $1', [reportId]);
  const found = (rows[0] as { case_id: string } | undefined)?.case_id;
  if (found === undefined) throw new Error('no such report');
  return found;
}
