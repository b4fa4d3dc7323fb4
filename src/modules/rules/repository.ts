import { asc, eq, sql } from 'drizzle-orm';
import { insertedRow, type Db } from '../../core/db.ts';
import { ruleVersions } from './tables.ts';
import type { NewRuleVersion, RuleValue, RuleVersion } from './versions.ts';

export type StoredRuleVersion = RuleVersion & { note: string | null; createdAt: Date };

function toVersion(row: typeof ruleVersions.$inferSelect): StoredRuleVersion {
  return {
    id: row.id,
    key: row.key,
    value: row.value as RuleValue,
    unit: row.unit,
    validFrom: row.validFrom,
    validTo: row.validTo,
    citation: row.citation,
    note: row.note,
    createdAt: row.createdAt,
  };
}

/** Every version of every rule, by key then start. */
export async function listRuleVersions(db: Db): Promise<StoredRuleVersion[]> {
  return (await db.select().from(ruleVersions).orderBy(asc(ruleVersions.key), asc(ruleVersions.validFrom))).map(toVersion);
}

/** Every version of one rule. */
export async function versionsOf(db: Db, key: string): Promise<StoredRuleVersion[]> {
  return (await db.select().from(ruleVersions).where(eq(ruleVersions.key, key)).orderBy(asc(ruleVersions.validFrom))).map(toVersion);
}

export async function insertRuleVersion(db: Db, version: NewRuleVersion & { note: string | null; createdBy: string | null }): Promise<StoredRuleVersion> {
  return toVersion(insertedRow(await db.insert(ruleVersions).values(version).returning()));
}

/** Serialises rule changes so two admins cannot add overlapping versions at once. */
export async function lockRules(db: Db): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(7241004)`);
}
