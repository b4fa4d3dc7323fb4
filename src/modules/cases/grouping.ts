import type { Tx } from '../../core/db.ts';
import type { EventBus } from '../../core/events.ts';
import { deadlineFor } from '../rules/index.ts';
import { foldAccents } from '../targets/index.ts';
import { severityOf } from './categories.ts';
import { estimateSimilarity, foldForShingles, lshBandKeys, minhashSignature } from './minhash.ts';
import * as repo from './repository.ts';

/** Similar descriptions at or above this estimated Jaccard similarity are suggested for merging. */
export const NEAR_DUPLICATE_THRESHOLD = 0.6;
/** Descriptions shorter than this (folded characters) are not compared. */
export const MIN_TEXT_FOR_SIMILARITY = 30;
/** At most this many merge suggestions come from one report's text. */
export const MAX_SUGGESTIONS_PER_REPORT = 5;

export type IncomingReport = {
  reportId: string;
  category: string;
  provinceCode: string | null;
  description: string;
  targets: { type: string; value: string; display: string; flags: string[] }[];
  reportedAt: Date;
};

export type Attachment = { caseId: string; caseNumber: number; created: boolean };

/**
 * Put a new report into its case: the case that already holds one of its
 * normalised targets (the oldest, when several do; the others are suggested
 * for merging), or a new case with its first-review deadline from the rules.
 * Near-duplicate descriptions in other cases become merge suggestions.
 * Runs in the grouper's transaction (reports/grouper.ts), which holds a lock
 * that keeps groupers from racing: two reports of one target land in one case.
 */
export async function attachReport(tx: Tx, report: IncomingReport, deps: { events: EventBus }): Promise<Attachment> {
  const db = tx.db;
  const keys = report.targets.map((t) => ({ type: t.type, value: t.value }));
  const existing = await repo.findTargets(db, keys);
  const holders = await primaryCases(tx, [...new Set(existing.map((t) => t.caseId))]);
  const at = report.reportedAt;
  const searchText = foldAccents(`${report.description} ${report.targets.map((t) => `${t.value} ${t.display}`).join(' ')}`).slice(0, 4000);

  let target: repo.CaseRow;
  let created = false;
  if (holders.length === 0) {
    const { dueAt, version } = await deadlineFor(db, 'case.first_review', at);
    target = await repo.insertCase(db, {
      status: 'new',
      category: report.category,
      categories: [report.category],
      severity: severityOf([report.category]),
      provinceCode: report.provinceCode,
      reportCount: 1,
      firstReportedAt: at,
      lastReportedAt: at,
      dueAt,
      dueRuleVersionId: version.id,
      searchText,
      createdAt: at,
      updatedAt: at,
    });
    created = true;
    await repo.insertEvent(db, { caseId: target.id, kind: 'opened', at });
    await deps.events.publish(tx, { type: 'case.opened', aggregateId: target.id, payload: { caseId: target.id, category: report.category, provinceCode: report.provinceCode } }, at);
  } else {
    const oldest = holders.reduce((a, b) => (b.firstReportedAt < a.firstReportedAt ? b : a));
    target = await repo.recordReportOnCase(db, oldest.id, { category: report.category, severity: severityOf([report.category]), provinceCode: report.provinceCode, searchText, at });
    for (const other of holders) {
      if (other.id !== target.id) await repo.upsertMergeSuggestions(db, [{ caseId: target.id, otherCaseId: other.id, similarity: 1, reason: 'shared_target', at }]);
    }
    if (target.status === 'rejected') {
      // New reports about a rejected target deserve a fresh look rather than an automatic refusal.
      target = await repo.updateCase(db, target.id, { status: 'new', decidedAt: null, updatedAt: at });
      await repo.insertEvent(db, { caseId: target.id, kind: 'reopened', at });
    }
  }

  const known = new Set(existing.map((t) => `${t.type}\n${t.value}`));
  await repo.insertTargets(
    db,
    dedupe(report.targets)
      .filter((t) => !known.has(`${t.type}\n${t.value}`))
      .map((t) => ({ caseId: target.id, type: t.type, value: t.value, display: t.display, flags: t.flags, reportCount: 1, firstReportedAt: at })),
  );
  await repo.countTargetReports(db, existing.map((t) => ({ type: t.type, value: t.value })));

  // Stored in an integer[] column: the same 32 bits, read as signed (equality is all that is compared).
  const minhash = minhashSignature(report.description).map((v) => v | 0);
  // Short texts ("scam!", or none) say nothing about sameness: they are neither indexed nor compared.
  const bands = foldForShingles(report.description).length >= MIN_TEXT_FOR_SIMILARITY ? lshBandKeys(minhash) : [];
  await suggestNearDuplicates(tx, target.id, minhash, bands, at);
  await repo.insertCaseReport(db, { reportId: report.reportId, caseId: target.id, category: report.category, provinceCode: report.provinceCode, minhash, bands, reportedAt: at });
  return { caseId: target.id, caseNumber: target.number, created };
}

/** Cases by id, each replaced by the case it was merged into. */
async function primaryCases(tx: Tx, ids: string[]): Promise<repo.CaseRow[]> {
  const seen = new Map<string, repo.CaseRow>();
  let pending = ids;
  // Merges form short chains; a bound guards against a cycle written by hand in the database.
  for (let hop = 0; hop < 10 && pending.length > 0; hop++) {
    const rows = await repo.findCases(tx.db, pending);
    pending = [];
    for (const row of rows) {
      if (row.duplicateOf === null) seen.set(row.id, row);
      else pending.push(row.duplicateOf);
    }
  }
  return [...seen.values()];
}

function dedupe<T extends { type: string; value: string }>(targets: T[]): T[] {
  const seen = new Set<string>();
  return targets.filter((t) => {
    const key = `${t.type}\n${t.value}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

async function suggestNearDuplicates(tx: Tx, caseId: string, minhash: number[], bands: string[], at: Date): Promise<void> {
  const best = new Map<string, number>();
  for (const candidate of await repo.similarReports(tx.db, caseId, bands)) {
    const similarity = estimateSimilarity(minhash, candidate.minhash);
    if (similarity >= NEAR_DUPLICATE_THRESHOLD && similarity > (best.get(candidate.caseId) ?? 0)) best.set(candidate.caseId, similarity);
  }
  // A scam text sent about many numbers would otherwise link every case to every other: keep the closest few.
  const closest = [...best].sort((a, b) => b[1] - a[1]).slice(0, MAX_SUGGESTIONS_PER_REPORT);
  if (closest.length === 0) return;
  // Candidates' cases may since have been merged: suggest the case they live on in.
  const primaryOf = new Map((await repo.findCases(tx.db, closest.map(([id]) => id))).map((row) => [row.id, row.duplicateOf ?? row.id]));
  const suggestions = closest.flatMap(([otherId, similarity]) => {
    const other = primaryOf.get(otherId) ?? otherId;
    return other === caseId ? [] : [{ caseId, otherCaseId: other, similarity, reason: 'similar_text', at }];
  });
  await repo.upsertMergeSuggestions(tx.db, suggestions);
}
