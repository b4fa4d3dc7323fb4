// The trust registry's SQL: entities, their domains and criteria, the directory search, badge
// numbers, and the registry's own indicators.
import { and, asc, count, desc, eq, inArray, like, ne, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../core/db.ts';
import { foldAccents } from '../../targets/index.ts';
import { indicators, trustCriteria, trustDomains, trustEntities } from '../tables.ts';
import type { TrustStatus } from './model.ts';

export type EntityRow = typeof trustEntities.$inferSelect;
export type CriterionRow = typeof trustCriteria.$inferSelect;
export type NewEntity = typeof trustEntities.$inferInsert;

/**
 * Accented Latin letters and what `foldAccents` makes of each, for `translate()`: the same
 * folding in SQL, on both engines, without the unaccent extension. Generated from foldAccents
 * itself (Latin-1, Latin Extended-A/B and the Vietnamese block), so the two never disagree.
 */
const FOLD = (() => {
  let from = '';
  let to = '';
  const ranges: [number, number][] = [
    [0xc0, 0x24f],
    [0x1e00, 0x1eff],
  ];
  for (const [start, end] of ranges) {
    for (let code = start; code <= end; code++) {
      const letter = String.fromCodePoint(code);
      const folded = foldAccents(letter);
      if (/^[a-z]$/.test(folded) && folded !== letter) {
        from += letter;
        to += folded;
      }
    }
  }
  return { from, to };
})();

/** The accent-folded, lower-cased name as SQL (NFC names; non-letters are kept). */
const foldedName = sql`lower(translate(${trustEntities.name}, ${FOLD.from}, ${FOLD.to}))`;

/** Text for a LIKE pattern, its wildcards escaped. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** `%text%` for LIKE. */
function containing(text: string): string {
  return `%${escapeLike(text)}%`;
}

/** Insert an entity unless its slug is taken; null when it is. */
export async function insertEntity(db: Db, row: NewEntity): Promise<EntityRow | null> {
  const [inserted] = await db.insert(trustEntities).values(row).onConflictDoNothing({ target: trustEntities.slug }).returning();
  return inserted ?? null;
}

/** The slugs `base` and `base-…` already taken. */
export async function slugsOf(db: Db, base: string): Promise<string[]> {
  const rows = await db
    .select({ slug: trustEntities.slug })
    .from(trustEntities)
    .where(sql`${trustEntities.slug} = ${base} or ${trustEntities.slug} like ${`${escapeLike(base)}-%`}`);
  return rows.map((r) => r.slug);
}

/** Record an entity's domains (normal forms). */
export async function insertDomains(db: Db, entityId: string, domains: readonly string[]): Promise<void> {
  if (domains.length === 0) return;
  await db.insert(trustDomains).values(domains.map((domain) => ({ entityId, domain })));
}

/** One criterion line each, as the application arrives. */
export async function insertCriteria(db: Db, rows: readonly CriterionRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insert(trustCriteria).values([...rows]);
}

/** An entity by id; `lock` holds its row until the transaction ends (decisions and findings). */
export async function findEntity(db: Db, id: string, options: { lock?: boolean } = {}): Promise<EntityRow | null> {
  const query = db.select().from(trustEntities).where(eq(trustEntities.id, id));
  const [row] = options.lock === true ? await query.for('update') : await query;
  return row ?? null;
}

/** An entity by its slug. */
export async function findEntityBySlug(db: Db, slug: string): Promise<EntityRow | null> {
  const [row] = await db.select().from(trustEntities).where(eq(trustEntities.slug, slug));
  return row ?? null;
}

/** Change an entity; it must exist (the caller holds its row). */
export async function updateEntity(db: Db, id: string, changes: Partial<Omit<EntityRow, 'id' | 'slug' | 'createdAt'>>): Promise<EntityRow> {
  const [row] = await db.update(trustEntities).set(changes).where(eq(trustEntities.id, id)).returning();
  if (row === undefined) throw new Error(`trust entity ${id} vanished`);
  return row;
}

/** The domains of each entity, sorted. */
export async function domainsOf(db: Db, entityIds: readonly string[]): Promise<Map<string, string[]>> {
  const domains = new Map<string, string[]>(entityIds.map((id) => [id, []]));
  if (entityIds.length === 0) return domains;
  const rows = await db.select().from(trustDomains).where(inArray(trustDomains.entityId, [...entityIds])).orderBy(asc(trustDomains.domain));
  for (const row of rows) domains.get(row.entityId)?.push(row.domain);
  return domains;
}

/** The criterion lines of an entity (none for a listed one). */
export async function criteriaOf(db: Db, entityId: string): Promise<CriterionRow[]> {
  return db.select().from(trustCriteria).where(eq(trustCriteria.entityId, entityId));
}

/** How many criteria of each entity are met, not met and pending. */
export async function findingCounts(db: Db, entityIds: readonly string[]): Promise<Map<string, Record<'met' | 'not_met' | 'pending', number>>> {
  const counts = new Map(entityIds.map((id) => [id, { met: 0, not_met: 0, pending: 0 }]));
  if (entityIds.length === 0) return counts;
  const rows = await db
    .select({ entityId: trustCriteria.entityId, finding: trustCriteria.finding, n: count() })
    .from(trustCriteria)
    .where(inArray(trustCriteria.entityId, [...entityIds]))
    .groupBy(trustCriteria.entityId, trustCriteria.finding);
  for (const row of rows) {
    const entry = counts.get(row.entityId);
    if (entry !== undefined && (row.finding === 'met' || row.finding === 'not_met' || row.finding === 'pending')) entry[row.finding] = row.n;
  }
  return counts;
}

/** Record a finding on one criterion; null when the entity has no such line. */
export async function updateCriterion(db: Db, entityId: string, criterion: string, changes: Pick<CriterionRow, 'finding' | 'note' | 'checkedBy' | 'checkedAt'>): Promise<CriterionRow | null> {
  const [row] = await db
    .update(trustCriteria)
    .set(changes)
    .where(and(eq(trustCriteria.entityId, entityId), eq(trustCriteria.criterion, criterion)))
    .returning();
  return row ?? null;
}

/** A page of entities in some statuses, newest first, and how many there are. */
export async function listEntities(db: Db, statuses: readonly TrustStatus[], page: { limit: number; offset: number }): Promise<{ rows: EntityRow[]; total: number }> {
  const where = inArray(trustEntities.status, [...statuses]);
  const rows = await db.select().from(trustEntities).where(where).orderBy(desc(trustEntities.createdAt), asc(trustEntities.id)).limit(page.limit).offset(page.offset);
  const [total] = await db.select({ n: count() }).from(trustEntities).where(where);
  return { rows, total: total?.n ?? 0 };
}

/**
 * The directory: entities in `statuses` whose name contains the folded text, or one of whose
 * domains contains `domain` (both optional), by name.
 */
export async function searchDirectory(
  db: Db,
  statuses: readonly TrustStatus[],
  search: { text: string | null; domain: string | null },
  page: { limit: number; offset: number },
): Promise<{ rows: EntityRow[]; total: number }> {
  const matches: SQL[] = [];
  if (search.text !== null) matches.push(sql`${foldedName} like ${containing(search.text)}`);
  if (search.domain !== null) {
    matches.push(sql`exists (select 1 from ${trustDomains} where ${trustDomains.entityId} = ${trustEntities.id} and ${like(trustDomains.domain, containing(search.domain))})`);
  }
  const where = and(inArray(trustEntities.status, [...statuses]), matches.length === 0 ? undefined : sql`(${sql.join(matches, sql` or `)})`);
  const rows = await db.select().from(trustEntities).where(where).orderBy(asc(foldedName), asc(trustEntities.slug)).limit(page.limit).offset(page.offset);
  const [total] = await db.select({ n: count() }).from(trustEntities).where(where);
  return { rows, total: total?.n ?? 0 };
}

/** Domains among these that another approved entity holds a badge for. */
export async function domainsHeldByOthers(db: Db, entityId: string, domains: readonly string[]): Promise<{ domain: string; slug: string }[]> {
  if (domains.length === 0) return [];
  return db
    .select({ domain: trustDomains.domain, slug: trustEntities.slug })
    .from(trustDomains)
    .innerJoin(trustEntities, eq(trustEntities.id, trustDomains.entityId))
    .where(and(inArray(trustDomains.domain, [...domains]), ne(trustEntities.id, entityId), eq(trustEntities.status, 'approved')))
    .orderBy(asc(trustDomains.domain));
}

/** The highest sequence number given under a badge prefix (`TN-2026-`), 0 when none. */
export async function lastBadgeSequence(db: Db, prefix: string): Promise<number> {
  const [row] = await db
    .select({ last: sql<string | number | null>`max(split_part(${trustEntities.badgeNumber}, '-', 3)::int)` })
    .from(trustEntities)
    .where(like(trustEntities.badgeNumber, `${escapeLike(prefix)}%`));
  return Number(row?.last ?? 0);
}

/** The active registry listings a badge made for these domains. */
export async function registryIndicatorIds(db: Db, domains: readonly string[], badge: string): Promise<string[]> {
  if (domains.length === 0) return [];
  const rows = await db
    .select({ id: indicators.id })
    .from(indicators)
    .where(and(eq(indicators.type, 'domain'), inArray(indicators.value, [...domains]), eq(indicators.sourceKey, 'registry'), eq(indicators.sourceRef, badge), eq(indicators.status, 'active')));
  return rows.map((r) => r.id);
}
