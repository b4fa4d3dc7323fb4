// Builders for the cases API tests: staff callers, cases made of reports,
// decision bodies, and reads straight from the tables.
import type { LightMyRequestResponse } from 'fastify';
import type { Role } from '../../src/modules/identity/index.ts';
import type { TestApp } from './app.ts';
import { caseOf, submit, type ReportBodyInput } from './reports.ts';

export type ErrorBody = { error: { code: string; message: string; details: { field?: string; message: string }[] } };
export type Headers = Record<string, string>;
export type Person = { id: string; name: string; headers: Headers };

/** A member of an organisation with a logged-in session (two-factor passed unless told otherwise). */
export async function person(t: TestApp, orgId: string, role: Role, twoFactorVerified = true): Promise<Person> {
  const user = await t.user(orgId, role);
  return { id: user.id, name: user.displayName, headers: (await t.session(user.id, twoFactorVerified)).headers };
}

/** A case of one report (sent over the API, then grouped); more reports of its target with `addReport`. */
export async function newCase(t: TestApp, report: ReportBodyInput = {}) {
  const sent = await submit(t, report);
  return { id: await caseOf(t, sent.id), ticket: sent.ticket, reportId: sent.id };
}

/** A JSON API call as a caller (no headers: anonymous). */
export function call(t: TestApp, headers: Headers, method: 'GET' | 'POST', url: string, payload?: object): Promise<LightMyRequestResponse> {
  return t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });
}

/** A complete statement of reasons for a verification. */
export function verifyBody(overrides: Record<string, unknown> = {}) {
  return {
    outcome: 'verified',
    verdict: 'dangerous',
    categories: ['scam'],
    decisionGround: 'illegal_content',
    legalBasis: 'Điều 174 Bộ luật Hình sự; Nghị định 15/2020/NĐ-CP',
    facts: 'Trang web mạo danh ngân hàng, thu thập mã OTP; 3 người dân bị mất tiền.',
    automatedDetection: true,
    automatedDecision: false,
    ...overrides,
  };
}

/** Rows of a query. */
export async function rows<T = Record<string, unknown>>(t: TestApp, text: string, values: unknown[] = []): Promise<T[]> {
  return (await t.database.sql.executeSql(text, values)).rows as T[];
}

/** One case's row as stored. */
export async function caseRow(t: TestApp, caseId: string) {
  const [row] = await rows<{ status: string; assignee_id: string | null; report_count: number; has_new_information: boolean; duplicate_of: string | null }>(t, 'select * from cases where id = $1', [caseId]);
  if (row === undefined) throw new Error(`no case ${caseId}`);
  return row;
}

/** The `case.decided` domain events of a case. */
export async function decidedEvents(t: TestApp, caseId: string) {
  return rows<{ payload: { outcome: string; verdict: string | null; decisionId: string; targets: { type: string; value: string }[] } }>(
    t,
    "select payload from domain_events where type = 'case.decided' and aggregate_id = $1 order by serial",
    [caseId],
  );
}
