// Appeals in the public transparency figures: how many actions of each organisation were appealed,
// and how many of those appeals restored what was taken down.
import type { Db } from '../../../core/db.ts';
import * as repo from './repository.ts';

export type AppealFigures = { appealed: number; restored: number };

/** Appeals and restorations per recipient organisation (the one that took the action); organisations without appeals are absent. */
export async function appealFiguresByOrganization(db: Db): Promise<Map<string, AppealFigures>> {
  return new Map((await repo.appealCounts(db)).map((row) => [row.orgId, { appealed: row.appealed, restored: row.restored }]));
}
