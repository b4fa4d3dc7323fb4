// Builders for the takedown API tests: callers whose sessions follow the moved clock, a complete
// request body, and the calls that issue, list and answer requests.
import type { LightMyRequestResponse } from 'fastify';
import type { Static } from 'typebox';
import type { Role, Scope } from '../../src/modules/identity/index.ts';
import type * as S from '../../src/modules/takedowns/schema.ts';
import type { TestApp } from './app.ts';
import type { Headers } from './cases.ts';

export type TakedownJson = Static<typeof S.Request>;
export type RequestPageJson = Static<typeof S.RequestPage>;
export type DetailJson = Static<typeof S.RequestDetail>;
export type StatementJson = Static<typeof S.Statement>;

/** Someone who calls the API: a member of an organisation or one of its tokens. */
export type Caller = { label: string; email: string | null; displayName: string | null; headers(): Promise<Headers> };

/**
 * A member with a session opened at the clock's current time on every call: sessions last an
 * hour of the test clock, and these tests move it by hours and years.
 */
export async function member(t: TestApp, orgId: string, role: Role, twoFactorVerified = true): Promise<Caller> {
  const user = await t.user(orgId, role);
  return { label: `${role} ${user.email}`, email: user.email, displayName: user.displayName, headers: async () => (await t.session(user.id, twoFactorVerified)).headers };
}

/** An organisation's bearer token with these scopes. */
export async function bearer(t: TestApp, orgId: string, scopes: Scope[]): Promise<Caller> {
  const headers = await t.token(orgId, scopes);
  return { label: `token ${scopes.join(' ')}`, email: null, displayName: null, headers: () => Promise.resolve(headers) };
}

/** No one logged in. */
export const anonymous: Caller = { label: 'anonymous', email: null, displayName: null, headers: () => Promise.resolve({}) };

/** A JSON call as a caller. */
export async function send(t: TestApp, caller: Caller, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object, extra: Headers = {}): Promise<LightMyRequestResponse> {
  const headers = { ...(await caller.headers()), ...extra };
  return t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });
}

/** A complete request body: remove a scam page from a platform. */
export function issueBody(recipientOrgId: string, overrides: Record<string, unknown> = {}) {
  return {
    recipientOrgId,
    action: 'remove_content',
    targets: [{ value: 'https://lua-dao-dau-tu.example.vn/nhan-qua' }],
    category: 'scam',
    legalBasis: 'Điều 8 Luật An ninh mạng 2018; Điều 174 Bộ luật Hình sự',
    statement: 'Trang mạo danh ngân hàng, thu thập mã OTP; nhiều người dân bị mất tiền.',
    ...overrides,
  };
}

/** Issue a request over the API and return it (throws unless 201). */
export async function issue(t: TestApp, caller: Caller, recipientOrgId: string, overrides: Record<string, unknown> = {}): Promise<TakedownJson> {
  const response = await send(t, caller, 'POST', '/api/v1/takedowns', issueBody(recipientOrgId, overrides));
  if (response.statusCode !== 201) throw new Error(`issue refused: ${response.statusCode} ${response.body}`);
  return response.json<TakedownJson>();
}

/** Answer a request over the API (throws unless 200). */
export async function answer(t: TestApp, caller: Caller, id: string, body: Record<string, unknown>): Promise<TakedownJson> {
  const response = await send(t, caller, 'POST', `/api/v1/takedowns/${id}/response`, body);
  if (response.statusCode !== 200) throw new Error(`answer refused: ${response.statusCode} ${response.body}`);
  return response.json<TakedownJson>();
}

/** An actioned answer with proof. */
export const actioned = { outcome: 'actioned', note: 'Đã gỡ bài viết và khoá trang.', proof: 'Ảnh chụp màn hình lưu tại hồ sơ nội bộ #4411' };
/** A declined answer (no proof needed). */
export const declined = { outcome: 'declined', note: 'Nội dung không còn tồn tại trên nền tảng.' };

/** One request and its history as a caller reads it. */
export async function detail(t: TestApp, caller: Caller, id: string): Promise<DetailJson> {
  const response = await send(t, caller, 'GET', `/api/v1/takedowns/${id}`);
  if (response.statusCode !== 200) throw new Error(`detail refused: ${response.statusCode} ${response.body}`);
  return response.json<DetailJson>();
}

/** The kinds of a request's history lines, in order. */
export async function historyKinds(t: TestApp, caller: Caller, id: string): Promise<string[]> {
  return (await detail(t, caller, id)).history.map((line) => line.kind);
}

/** An instant written in Vietnam time (UTC+7). */
export const vn = (local: string) => new Date(`${local}+07:00`);
export const HOUR = 3_600_000;
