// The SQL of imports: the record of each run.
import { desc } from 'drizzle-orm';
import type { Db } from '../../../core/db.ts';
import { indicatorImports } from '../tables.ts';

export type ImportRow = typeof indicatorImports.$inferSelect;

/** Record one import run. */
export async function insertImport(db: Db, row: ImportRow): Promise<void> {
  await db.insert(indicatorImports).values(row);
}

/** The latest import runs, newest first. */
export async function recentImports(db: Db, limit: number): Promise<ImportRow[]> {
  return db.select().from(indicatorImports).orderBy(desc(indicatorImports.finishedAt), desc(indicatorImports.startedAt)).limit(limit);
}
