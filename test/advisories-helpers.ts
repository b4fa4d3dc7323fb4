// Builders shared by the advisory tests: staff and members with sessions, advisory bodies, calls to
// the advisory API, and reads of the rows an advisory leaves behind.
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { Role } from '../src/modules/identity/index.ts';
import type { TestApp } from './helpers/app.ts';

export type Person = { id: string; cookie: string; csrf: string; headers: Record<string, string> };
export type Advisory = {
  id: string;
  number: number;
  reference: string;
  status: string;
  url: string;
  title: { vi: string; en: string };
  indicators: { id: string; state: string; value: string | null; verdict: string | null }[];
  staff?: { history: { kind: string; note: string | null }[] };
};
export type ErrorBody = { error: { code: string; details: { field?: string; message: string }[] } };

/** A member of an organisation with a session (two-factor passed). */
export async function person(t: TestApp, orgId: string, role: Role): Promise<Person> {
  const user = await t.user(orgId, role);
  const session = await t.session(user.id);
  return { id: user.id, cookie: session.cookie, csrf: session.csrf, headers: session.headers };
}

/** A complete create body; override any field. */
export function advisoryBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: { vi: 'Cảnh báo giả mạo ngân hàng qua tin nhắn', en: 'Bank impersonation by text message' },
    body: { vi: 'Kẻ gian gửi **tin nhắn** giả mạo ngân hàng.\n\n- Không bấm liên kết\n- Gọi tổng đài', en: 'Criminals send **messages** posing as banks.\n\n- Do not follow links\n- Call the hotline' },
    severity: 'high',
    categories: ['scam', 'impersonation'],
    ...overrides,
  };
}

type Caller = { headers: Record<string, string> } | null;

/** An API call as a caller (null: anonymous). */
export function call(t: TestApp, who: Caller, method: 'GET' | 'POST', url: string, payload?: object): Promise<LightMyRequestResponse> {
  return t.app.inject({ method, url, headers: who?.headers ?? {}, ...(payload === undefined ? {} : { payload }) });
}

/** Create a draft as `author`; fails the test unless it is a 201. */
export async function draft(t: TestApp, author: Caller, overrides: Record<string, unknown> = {}): Promise<Advisory> {
  const response = await call(t, author, 'POST', '/api/v1/advisories', advisoryBody(overrides));
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Advisory>();
}

/** A draft written by `author`, submitted, and approved by `approver`: published. */
export async function published(t: TestApp, author: Caller, approver: Caller, overrides: Record<string, unknown> = {}): Promise<Advisory> {
  const made = await draft(t, author, overrides);
  expect((await call(t, author, 'POST', `/api/v1/advisories/${made.id}/submit`)).statusCode).toBe(200);
  const approved = await call(t, approver, 'POST', `/api/v1/advisories/${made.id}/approve`);
  expect(approved.statusCode, approved.body).toBe(200);
  return approved.json<Advisory>();
}

/** Rows of a query. */
export async function rows<T = Record<string, unknown>>(t: TestApp, text: string, values: unknown[] = []): Promise<T[]> {
  return (await t.database.sql.executeSql(text, values)).rows as T[];
}

/** The status, error code and the fields a refusal names. */
export function refusal(response: LightMyRequestResponse): { status: number; code: string; fields: string[] } {
  const body = response.json<ErrorBody>();
  return { status: response.statusCode, code: body.error.code, fields: body.error.details.map((d) => d.field ?? '') };
}
