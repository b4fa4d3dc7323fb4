// The evidence bundle of a request: files the authority attaches (multipart, checked and cleaned as
// report evidence is), listed with the request for both sides, opened by the recipient's members and
// the issuer's staff only, every view audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, type TestApp } from './helpers/app.ts';
import { rows } from './helpers/cases.ts';
import { multipartReport, tinyPng, windowsExecutable } from './helpers/reports.ts';
import { issueBody, member, type Caller, type DetailJson, type TakedownJson } from './helpers/takedown-api.ts';

let t: TestApp;
let analyst: Caller;
let responder: Caller;
let otherPlatform: Caller;
let platformId: string;

beforeAll(async () => {
  t = await createTestApp();
  const authority = await t.org({ kind: 'authority', scope: 'national' });
  analyst = await member(t, authority.id, 'analyst');
  const platform = await t.org({ kind: 'platform' });
  platformId = platform.id;
  responder = await member(t, platform.id, 'responder');
  otherPlatform = await member(t, (await t.org({ kind: 'platform' })).id, 'responder');
});
afterAll(async () => t.close());

async function issueWith(files: { name: string; bytes: Uint8Array }[]) {
  const { payload, headers } = await multipartReport(issueBody(platformId), files, 'request');
  return t.app.inject({ method: 'POST', url: '/api/v1/takedowns', payload, headers: { ...(await analyst.headers()), ...headers } });
}

describe('evidence files of a request', () => {
  it('takes files with a multipart request, lists them on both sides, and serves them to the recipient and the issuer only', async () => {
    // A JPEG-free PNG with a text chunk: metadata is stripped before storing, as for reports.
    const issued = await issueWith([{ name: 'anh-chup.png', bytes: tinyPng('GPS 16.46,107.59') }]);
    expect(issued.statusCode, issued.body).toBe(201);
    const id = json<TakedownJson>(issued).id;

    const seen = json<DetailJson>(await t.app.inject({ url: `/api/v1/takedowns/${id}`, headers: await responder.headers() }));
    expect(seen.evidence).toEqual([{ id: expect.any(String) as string, contentType: 'image/png', size: expect.any(Number) as number, fileName: 'anh-chup.png', url: `/takedowns/evidence/${seen.evidence[0]?.id}` }]);
    const url = seen.evidence[0]?.url ?? '';

    const file = await t.app.inject({ url, headers: await responder.headers() });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.headers['cache-control']).toBe('private, no-store');
    expect(file.rawPayload.includes(Buffer.from('GPS 16.46'))).toBe(false);
    expect((await t.app.inject({ url, headers: await analyst.headers() })).statusCode).toBe(200);
    for (const headers of [await otherPlatform.headers(), {}]) expect([404, 401]).toContain((await t.app.inject({ url, headers })).statusCode);

    const page = await t.app.inject({ url: `/org/takedowns/${id}`, headers: await responder.headers() });
    expect(page.body).toContain(`href="${url}"`);
    await t.drainAudit();
    const views = await rows<{ n: number }>(t, "select count(*)::int as n from audit_log where action = 'takedown_evidence.viewed' and subject_id = $1", [seen.evidence[0]?.id]);
    expect(views[0]?.n).toBe(2);
  });

  it('refuses a file that is not an image or a PDF, storing no request', async () => {
    const [before] = await rows<{ n: number }>(t, 'select count(*)::int as n from takedown_requests');
    const refused = await issueWith([{ name: 'bang-chung.png', bytes: windowsExecutable() }]);
    expect(refused.statusCode).toBe(415);
    expect(json<{ error: { code: string } }>(refused).error.code).toBe('EVIDENCE_TYPE_NOT_ALLOWED');
    const [after] = await rows<{ n: number }>(t, 'select count(*)::int as n from takedown_requests');
    expect(after?.n).toBe(before?.n);
  });

  it('refuses files from callers who may not issue, before storing anything', async () => {
    const { payload, headers } = await multipartReport(issueBody(platformId), [{ name: 'a.png', bytes: tinyPng() }], 'request');
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/takedowns', payload, headers: { ...(await responder.headers()), ...headers } });
    expect(response.statusCode).toBe(403);
  });
});
