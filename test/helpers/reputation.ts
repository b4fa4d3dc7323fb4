// Builders for the reputation tests: listings written straight through the one writer (fast setup),
// verified cases through the real decision path, and reads of the change log.
import type { CheckResult } from '../../src/modules/reputation/check.ts';
import { applyListings } from '../../src/modules/reputation/listings.ts';
import type { Listing } from '../../src/modules/reputation/model.ts';
import { TtlPolicy } from '../../src/modules/reputation/ttl.ts';
import { parseTarget } from '../../src/modules/targets/index.ts';
import type { TestApp } from './app.ts';
import { call, newCase, type Person, verifyBody } from './cases.ts';

export type ListingInput = Partial<Listing> & { value: string };

/** List values as a source would (parsed by the targets library), then catch the index up. Returns the apply result. */
export async function list(t: TestApp, inputs: readonly ListingInput[], options: { reinstate?: boolean } = {}) {
  const listings: Listing[] = inputs.map((input) => {
    const target = parseTarget(input.value, input.type);
    return {
      verdict: 'dangerous',
      categories: ['phishing'],
      confidence: 80,
      source: 'import',
      sourceKey: 'import:test',
      ...input,
      type: target.type,
      value: target.value,
    };
  });
  const result = await t.database.transaction(async (tx) => applyListings(tx, t.ctx(), listings, { ttl: await TtlPolicy.load(tx.db), reinstate: options.reinstate ?? false }));
  await t.catchUpIndex();
  return result;
}

/** A case of these targets, verified by `analyst` through the API; the index caught up. */
export async function verifiedCase(t: TestApp, analyst: Person, targets: { type?: string; value: string }[], decision: Record<string, unknown> = {}) {
  const made = await newCase(t, { targets });
  const response = await call(t, analyst.headers, 'POST', `/api/v1/cases/${made.id}/decisions`, verifyBody(decision));
  if (response.statusCode !== 201) throw new Error(`decision failed: ${response.statusCode} ${response.body}`);
  await t.catchUpIndex();
  return made;
}

/** The check answer for a value (GET /api/v1/check). */
export async function check(t: TestApp, value: string, type?: string) {
  const query = new URLSearchParams({ value, ...(type === undefined ? {} : { type }) });
  const response = await t.app.inject({ method: 'GET', url: `/api/v1/check?${query.toString()}` });
  if (response.statusCode !== 200) throw new Error(`check failed: ${response.statusCode} ${response.body}`);
  return response.json<CheckResult>();
}

/** The history lines of the listings of a value, oldest first. */
export async function historyOf(t: TestApp, value: string) {
  const result = await t.database.sql.executeSql(
    'select c.serial, c.action, c.status, c.note from indicator_changes c join indicators i on i.id = c.indicator_id where i.value = $1 order by c.serial',
    [value],
  );
  return result.rows as { serial: number; action: string; status: string; note: string | null }[];
}
