// issueTakedown: the authority asks one organisation to act on targets, by a deadline the rules
// set at issue time. Request, first history line and audit entry commit together.
import type { Db } from '../../core/db.ts';
import { AppError, type ErrorDetail } from '../../core/errors.ts';
import { actorName, auditOrg, organizationById, recordAudit, requireAccess, type Context, type OrganizationRow } from '../identity/index.ts';
import { deadlineOf, ruleAt } from '../rules/index.ts';
import type { StoredEvidence } from '../reports/index.ts';
import { parseTarget, TargetError } from '../targets/index.ts';
import { CATEGORY_CODES, requireCaseVisible } from '../cases/index.ts';
import { BLOCKING_ACTIONS, deadlineRuleKeys, TAKEDOWN_LIMITS, type RequestKind, type TakedownAction } from './model.ts';
import type { Notifier } from '../alerts/index.ts';
import { queueNotices } from './notices.ts';
import * as repo from './repository.ts';
import type { RequestTarget } from './tables.ts';

export type IssueInput = {
  recipientOrgId: string;
  action: TakedownAction;
  targets: readonly { type?: string | undefined; value: string }[];
  category: string;
  legalBasis: string;
  statement: string;
  urgent: boolean;
  caseId?: string | undefined;
  evidenceLinks?: readonly string[] | undefined;
  /** Files already checked and stored (reports' storeEvidence), attached in this order. */
  evidence?: readonly StoredEvidence[] | undefined;
};

/** Issue a request (authority staff). The caller opens the transaction. */
export async function issueTakedown(tx: Db, ctx: Context, input: IssueInput, notifier: Notifier): Promise<repo.RequestRow> {
  requireAccess(ctx.actor, 'takedown.issue');
  const issuerOrgId = auditOrg(ctx.actor);
  const recipient = await organizationById(tx, input.recipientOrgId);
  const problems = checkRecipient(recipient, input.action);
  const targets = normalizeTargets(input.targets, problems);
  if (!(CATEGORY_CODES as readonly string[]).includes(input.category)) problems.push({ field: 'category', message: `unknown category ${input.category}` });
  for (const [index, link] of (input.evidenceLinks ?? []).entries()) {
    if (!/^https?:\/\//i.test(link)) problems.push({ field: `evidenceLinks[${index}]`, message: 'an http(s) link' });
  }
  if (input.caseId !== undefined && !(await caseVisible(tx, ctx, input.caseId))) problems.push({ field: 'caseId', message: 'no case you can see has this id' });
  if (problems.length > 0 || recipient === null) throw new AppError('TAKEDOWN_INVALID', undefined, problems);
  return createRequest(tx, ctx, {
    kind: 'authority_request',
    issuerOrgId,
    recipient,
    action: input.action,
    targets,
    category: input.category,
    legalBasis: input.legalBasis,
    statement: input.statement,
    urgent: input.urgent,
    caseId: input.caseId ?? null,
    reportId: null,
    evidenceLinks: [...(input.evidenceLinks ?? [])],
    complaintText: null,
    complainantContactCiphertext: null,
    evidence: input.evidence ?? [],
  }, notifier);
}

type NewRequest = {
  kind: RequestKind;
  issuerOrgId: string | null;
  recipient: OrganizationRow;
  action: TakedownAction;
  targets: RequestTarget[];
  category: string;
  legalBasis: string;
  statement: string;
  urgent: boolean;
  caseId: string | null;
  reportId: string | null;
  evidenceLinks: string[];
  complaintText: string | null;
  complainantContactCiphertext: string | null;
  evidence?: readonly StoredEvidence[];
  /** The deadline, when the caller already looked it up (a complaint cites its rule); else looked up here. */
  deadline?: Deadline;
};

type Deadline = Awaited<ReturnType<typeof takedownDeadline>>;

/** Write a request with its deadline, its notices to the recipient, first history line and audit entry (issued requests and routed complaints). */
export async function createRequest(tx: Db, ctx: Context, request: NewRequest, notifier: Notifier): Promise<repo.RequestRow> {
  const { recipient, evidence = [], deadline, ...fields } = request;
  const { dueAt, version } = deadline ?? (await takedownDeadline(tx, request.kind, request.urgent, ctx.now));
  const row = await repo.insertRequest(tx, {
    ...fields,
    recipientOrgId: recipient.id,
    status: 'issued',
    issuedAt: ctx.now,
    dueAt,
    dueRuleVersionId: version.id,
    dueRuleKey: version.key,
    dueRuleCitation: version.citation,
    createdBy: ctx.actor.type === 'user' ? ctx.actor.userId : null,
    updatedAt: ctx.now,
  });
  await repo.insertEvidence(tx, evidence.map((file, position) => ({ requestId: row.id, position, ...file })));
  await queueNotices(tx, notifier, row, ctx.now);
  const actor = actorName(ctx.actor);
  await repo.insertEvent(tx, { requestId: row.id, kind: 'issued', actorOrgId: request.issuerOrgId, actorName: actor.name, note: null, at: ctx.now });
  await recordAudit(tx, ctx, {
    orgId: request.issuerOrgId,
    action: request.kind === 'user_complaint' ? 'takedown.complaint_routed' : 'takedown.issued',
    subjectType: 'takedown_request',
    subjectId: row.id,
    summary: { number: row.number, recipientOrgId: recipient.id, action: row.action, urgent: row.urgent, dueAt: dueAt.toISOString(), rule: version.id, targets: row.targets.length },
  });
  return row;
}

async function caseVisible(db: Db, ctx: Context, caseId: string): Promise<boolean> {
  try {
    await requireCaseVisible(db, ctx, caseId);
    return true;
  } catch (error) {
    if (error instanceof AppError && (error.code === 'NOT_FOUND' || error.code === 'FORBIDDEN')) return false;
    throw error;
  }
}

/**
 * The deadline of a request issued at `issuedAt`: the first of its rule keys with a version in
 * force then (an urgent request before the urgent rule existed runs on the ordinary one).
 */
export async function takedownDeadline(db: Db, kind: RequestKind, urgent: boolean, issuedAt: Date) {
  const keys = deadlineRuleKeys(kind, urgent);
  for (const [index, key] of keys.entries()) {
    try {
      const version = await ruleAt(db, key, issuedAt);
      return { dueAt: deadlineOf(version, issuedAt), version };
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'RULE_NOT_FOUND') || index === keys.length - 1) throw error;
    }
  }
  throw new AppError('RULE_NOT_FOUND');
}

function checkRecipient(recipient: OrganizationRow | null, action: TakedownAction): ErrorDetail[] {
  if (recipient === null || recipient.status !== 'active' || recipient.kind === 'authority') {
    return [{ field: 'recipientOrgId', message: 'not an active platform, telecom or other organisation that can receive requests' }];
  }
  const blocking = BLOCKING_ACTIONS.includes(action);
  if (blocking && recipient.kind !== 'telecom') return [{ field: 'action', message: 'blocking is asked of telecoms' }];
  if (!blocking && recipient.kind === 'telecom') return [{ field: 'action', message: 'a telecom blocks; ask the platform or host to remove content or suspend an account' }];
  return [];
}

/** Targets in normal form (the targets library); problems named by position. Duplicates are kept once. */
export function normalizeTargets(raw: IssueInput['targets'], problems: ErrorDetail[]): RequestTarget[] {
  if (raw.length === 0) problems.push({ field: 'targets', message: 'at least one target' });
  if (raw.length > TAKEDOWN_LIMITS.targets) problems.push({ field: 'targets', message: `at most ${TAKEDOWN_LIMITS.targets} targets` });
  const seen = new Map<string, RequestTarget>();
  for (const [index, candidate] of raw.slice(0, TAKEDOWN_LIMITS.targets).entries()) {
    try {
      const target = parseTarget(candidate.value, candidate.type);
      seen.set(`${target.type}\u0000${target.value}`, { type: target.type, value: target.value });
    } catch (error) {
      if (!(error instanceof TargetError)) throw error;
      problems.push({ field: `targets[${index}].value`, message: error.reason });
    }
  }
  return [...seen.values()];
}
