import type { Db } from '../../core/db.ts';
import { AppError } from '../../core/errors.ts';
import { recordAudit, requireAccess, type Context } from '../identity/index.ts';
import { computeDeadline, InvalidDeadlineInputError, parseDeadlineUnit } from './deadline.ts';
import { createVietnamWorkingDayCalendar } from './holidays.ts';
import { CalendarOutOfRangeError } from './calendar.ts';
import * as repo from './repository.ts';
import { SEED_RULES, seedRuleVersions } from './seed.ts';
import { RuleNotFoundError, validateNewVersion, valueAt, type NewRuleVersion, type RuleValue, type RuleVersion } from './versions.ts';

const calendar = createVietnamWorkingDayCalendar();

/** Insert the seed versions of BRIEF §5 that are not stored yet (same key and start); audited once. */
export async function seedRules(tx: Db, ctx: Context): Promise<number> {
  await repo.lockRules(tx);
  const stored = await repo.listRuleVersions(tx);
  const have = new Set(stored.map((v) => `${v.key}@${v.validFrom.toISOString()}`));
  // seedRuleVersions keeps the order of SEED_RULES, so each version pairs with its seed row's note.
  const missing = seedRuleVersions()
    .map((version, index) => ({ version, note: SEED_RULES[index]?.note ?? null }))
    .filter(({ version }) => !have.has(`${version.key}@${version.validFrom.toISOString()}`));
  for (const { version, note } of missing) {
    const { id: _id, ...values } = version;
    await repo.insertRuleVersion(tx, { ...values, note, createdBy: null });
  }
  if (missing.length > 0) {
    await recordAudit(tx, ctx, { orgId: null, action: 'rule.seed', subjectType: 'rule', subjectId: null, summary: { versions: missing.map(({ version }) => version.id) } });
  }
  return missing.length;
}

/** Every stored version, for the admin page and the API. */
export async function listRules(db: Db, ctx: Context): Promise<repo.StoredRuleVersion[]> {
  requireAccess(ctx.actor, 'rules.read');
  return repo.listRuleVersions(db);
}

/** The version of `key` in force at `instant`, for other modules (no actor: rules are law, not secrets). */
export async function ruleAt(db: Db, key: string, instant: Date): Promise<RuleVersion> {
  try {
    return valueAt(await repo.versionsOf(db, key), key, instant);
  } catch (error) {
    if (error instanceof RuleNotFoundError) throw new AppError('RULE_NOT_FOUND', `No version of ${key} is in force at ${instant.toISOString()}.`);
    throw error;
  }
}

/** Add a version (admins), checked against the versions already stored, and audited. */
export async function addRuleVersion(tx: Db, ctx: Context, candidate: NewRuleVersion & { note?: string | null | undefined }): Promise<repo.StoredRuleVersion> {
  requireAccess(ctx.actor, 'rules.write');
  await repo.lockRules(tx);
  const problems = validateNewVersion(await repo.versionsOf(tx, candidate.key), candidate);
  if (problems.length > 0) {
    throw new AppError('RULE_VERSION_INVALID', undefined, problems.map((p) => ({ field: p.field, message: p.message, code: p.code })));
  }
  const stored = await repo.insertRuleVersion(tx, { ...candidate, note: candidate.note ?? null, createdBy: ctx.actor.type === 'user' ? ctx.actor.userId : null });
  await recordAudit(tx, ctx, {
    orgId: null,
    action: 'rule.add',
    subjectType: 'rule',
    subjectId: stored.id,
    summary: { key: stored.key, value: stored.value, unit: stored.unit, validFrom: stored.validFrom.toISOString(), validTo: stored.validTo?.toISOString() ?? null, citation: stored.citation },
  });
  return stored;
}

/** The amount a deadline rule counts: a number, or an object's `amount`/`hours`/`days` field. */
export function ruleAmount(value: RuleValue): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'object') {
    for (const field of ['amount', 'hours', 'days']) {
      const candidate = value[field];
      if (typeof candidate === 'number') return candidate;
    }
  }
  throw new AppError('RULE_VERSION_INVALID', 'This rule has no single amount to count a deadline with.');
}

/**
 * When a clock that started at `start` under rule `key` runs out: the rule
 * version in force at `start` decides, and is returned so callers store which one they used.
 */
export async function deadlineFor(db: Db, key: string, start: Date): Promise<{ dueAt: Date; version: RuleVersion }> {
  const version = await ruleAt(db, key, start);
  return { dueAt: deadlineOf(version, start), version };
}

/** When a clock that started at `start` runs out under a version already looked up (for batches that load versions once). */
export function deadlineOf(version: RuleVersion, start: Date): Date {
  try {
    return computeDeadline({ start, amount: ruleAmount(version.value), unit: parseDeadlineUnit(version.unit), calendar });
  } catch (error) {
    if (error instanceof CalendarOutOfRangeError || error instanceof InvalidDeadlineInputError) {
      throw new AppError('DEADLINE_UNCOMPUTABLE', error.message);
    }
    throw error;
  }
}

/** Every version of the rules whose key starts with `prefix` (a family such as `indicator.ttl.`), to resolve many at once with `valueAt`. */
export async function ruleFamily(db: Db, prefix: string): Promise<RuleVersion[]> {
  return (await repo.listRuleVersions(db)).filter((version) => version.key.startsWith(prefix));
}
