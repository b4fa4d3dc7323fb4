import type { Db } from '../../core/db.ts';
import * as repo from './repository.ts';

/** What a reporter may know of their case: status, public history lines and the decision in force, never staff names or notes. */
export type PublicCaseView = {
  status: string;
  events: { kind: string; publicNote: string | null; at: Date }[];
  decision: { outcome: string; verdict: string | null; categories: string[]; decisionGround: string | null; legalBasis: string | null; decidedAt: Date } | null;
};

/**
 * The public side of a case for the tracking page. Authorisation is the
 * caller's: the reports module shows it only to the holder of a ticket.
 */
export async function publicCaseView(db: Db, caseId: string): Promise<PublicCaseView | null> {
  let found = await repo.findCase(db, caseId);
  // A merged case's reporters follow the case it was merged into.
  for (let hop = 0; hop < 10 && found?.duplicateOf != null; hop++) found = await repo.findCase(db, found.duplicateOf);
  if (found === null) return null;
  // One after the other: `db` may be a transaction's single connection.
  const events = await repo.eventsOf(db, found.id);
  const decisions = await repo.decisionsOf(db, found.id);
  const inForce = decisions.filter((d) => d.state === 'in_effect' && (d.outcome === 'verified' || d.outcome === 'rejected')).at(-1);
  return {
    // Reporters see "in review" while a decision waits for a supervisor: it has not taken effect.
    status: found.status === 'pending_approval' ? 'in_review' : found.status,
    events: events.map((e) => ({ kind: e.kind, publicNote: e.publicNote, at: e.at })),
    decision:
      inForce === undefined
        ? null
        : { outcome: inForce.outcome, verdict: inForce.verdict, categories: inForce.categories, decisionGround: inForce.decisionGround, legalBasis: inForce.legalBasis, decidedAt: inForce.reviewedAt ?? inForce.decidedAt },
  };
}

/** One public history line with its case id (for the notification job). */
export async function publicEvent(db: Db, eventId: string): Promise<{ caseId: string; kind: string; publicNote: string | null; at: Date } | null> {
  const event = await repo.findEvent(db, eventId);
  return event === null ? null : { caseId: event.caseId, kind: event.kind, publicNote: event.publicNote, at: event.at };
}
