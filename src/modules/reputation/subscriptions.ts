// The reputation module's reactions to other modules' events, inside their transactions.
import type { EventBus } from '../../core/events.ts';
import type { TargetType } from '../targets/index.ts';
import { applyListings } from './listings.ts';
import type { IndicatorVerdict } from './model.ts';
import { TtlPolicy } from './ttl.ts';

/** Confidence of a listing verified by staff on reports (imports carry their feed's own). */
export const CASE_CONFIDENCE = 90;

type CaseDecided = {
  caseId: string;
  caseNumber: number;
  outcome: string;
  verdict: IndicatorVerdict | null;
  categories: string[];
  reportCount?: number;
  targets: { type: TargetType; value: string }[];
};

/**
 * A verified case lists its targets (source `case`), in the decision's transaction: the listing
 * exists exactly when the decision does. A new verification reinstates a listing an earlier
 * appeal revoked — staff have looked again.
 */
export function subscribeReputation(events: EventBus): void {
  events.subscribe<CaseDecided>('case.decided', async (tx, event) => {
    const decided = event.payload;
    if (decided.outcome !== 'verified' || decided.verdict === null) return;
    const ref = `VV-${decided.caseNumber}`;
    await applyListings(
      tx,
      { actor: { type: 'system', label: `case ${ref}` }, requestId: null, now: event.occurredAt },
      decided.targets.map((target) => ({
        type: target.type,
        value: target.value,
        verdict: decided.verdict ?? 'dangerous',
        categories: decided.categories,
        confidence: CASE_CONFIDENCE,
        source: 'case',
        sourceKey: 'case',
        sourceRef: ref,
        reportCount: decided.reportCount ?? 0,
      })),
      { ttl: await TtlPolicy.load(tx.db), reinstate: true, note: `decision on ${ref}` },
    );
  });
}
