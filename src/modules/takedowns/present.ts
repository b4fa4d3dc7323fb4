// How requests and statements leave the module: API objects, and the statement rows of the dumps.
import { isoTimestamp as iso } from '../../core/clock.ts';
import { referenceOf } from './model.ts';
import type { EventRow, RequestRow, StatementRow } from './repository.ts';

const isoOrNull = (at: Date | null) => (at === null ? null : iso(at.getTime()));

export function presentRequest(row: RequestRow) {
  return {
    id: row.id,
    reference: referenceOf(row.number),
    kind: row.kind,
    issuerOrgId: row.issuerOrgId,
    recipientOrgId: row.recipientOrgId,
    caseId: row.caseId,
    action: row.action,
    targets: row.targets,
    category: row.category,
    legalBasis: row.legalBasis,
    statement: row.statement,
    evidenceLinks: row.evidenceLinks,
    complaintText: row.complaintText,
    urgent: row.urgent,
    status: row.status,
    overdue: row.overdueAt !== null,
    issuedAt: iso(row.issuedAt.getTime()),
    dueAt: iso(row.dueAt.getTime()),
    deadlineRule: { id: row.dueRuleVersionId, key: row.dueRuleKey, citation: row.dueRuleCitation },
    deliveredAt: isoOrNull(row.deliveredAt),
    acknowledgedAt: isoOrNull(row.acknowledgedAt),
    respondedAt: isoOrNull(row.respondedAt),
    actionedAt: isoOrNull(row.actionedAt),
    responseNote: row.responseNote,
    responseProof: row.responseProof,
    withdrawnAt: isoOrNull(row.withdrawnAt),
    withdrawnReason: row.withdrawnReason,
    overdueAt: isoOrNull(row.overdueAt),
  };
}

export function presentEvent(event: EventRow) {
  return { kind: event.kind, actorName: event.actorName, note: event.note, at: iso(event.at.getTime()) };
}

/** A statement with the DSA transparency database's field names and values. */
export function presentStatement(row: StatementRow) {
  return {
    uuid: row.id,
    platform_name: row.platformName,
    platform_uid: row.platformOrgId,
    decision_visibility: row.decisionVisibility,
    decision_account: row.decisionAccount,
    decision_provision: row.decisionProvision,
    decision_ground: row.decisionGround,
    illegal_content_legal_ground: row.legalGround,
    illegal_content_explanation: row.explanation,
    category: row.category,
    content_type: row.contentType,
    automated_detection: row.automatedDetection ? ('Yes' as const) : ('No' as const),
    automated_decision: row.automatedDecision,
    source_type: row.sourceType,
    territorial_scope: row.territorialScope,
    application_date: iso(row.applicationDate.getTime()),
    created_at: iso(row.publishedAt.getTime()),
    outcome: row.outcome,
    on_time: row.onTime,
    appeal_outcome: row.appealOutcome,
  };
}

/** The CSV columns of the dumps, in order (the DSA dump's names for the fields they share). */
export const STATEMENT_COLUMNS = [
  'uuid',
  'platform_name',
  'platform_uid',
  'decision_visibility',
  'decision_account',
  'decision_provision',
  'decision_ground',
  'illegal_content_legal_ground',
  'illegal_content_explanation',
  'category',
  'content_type',
  'automated_detection',
  'automated_decision',
  'source_type',
  'territorial_scope',
  'application_date',
  'created_at',
  'outcome',
  'on_time',
  'appeal_outcome',
] as const satisfies readonly (keyof ReturnType<typeof presentStatement>)[];
