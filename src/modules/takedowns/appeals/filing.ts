// Filing an appeal: the owner of what a request took down — a member of the public, no account —
// names the action by its statement of reasons (or the request's reference) and says why it was
// wrong, with evidence. Only a taken action can be appealed, and one appeal runs at a time.
import type { SecretBox } from '../../../core/crypto.ts';
import type { Database, Db } from '../../../core/db.ts';
import { AppError, type ErrorDetail } from '../../../core/errors.ts';
import type { EvidenceStore } from '../../../core/files/index.ts';
import type { Locale } from '../../../core/i18n.ts';
import type { Notifier } from '../../alerts/index.ts';
import { recordAudit, type Context } from '../../identity/index.ts';
import { storeEvidence } from '../../reports/index.ts';
import { parseTarget, TargetError } from '../../targets/index.ts';
import { findRequest, insertEvent, lockRequests, type RequestRow, type StatementRow } from '../repository.ts';
import { queueAppellantMail } from './mail.ts';
import { APPEAL_LIMITS, APPEALABLE_STATUSES, newAppealTicket, parseReference, type AppealReference, type AppealStatus } from './model.ts';
import * as repo from './repository.ts';

/** An appeal as a person or a program sends it, before normalisation. */
export type AppealInput = {
  reference: string;
  name: string;
  contact?: string | undefined;
  statement: string;
  locale?: Locale | undefined;
};

/** An appeal whose every field was checked and normalised. */
export type PreparedAppeal = {
  reference: AppealReference;
  name: string;
  /** The normalised email address (encrypted before it is stored), or null when none was given. */
  contact: string | null;
  statement: string;
  locale: Locale;
};

export type FiledAppeal = { id: string; ticket: string; status: 'received' };

const length = (text: string) => [...text].length;

/** Check and normalise an appeal, listing every problem at once (field names as in the API body). Pure. */
export function prepareAppeal(input: AppealInput): PreparedAppeal {
  const problems: ErrorDetail[] = [];
  const reference = parseReference(input.reference);
  if (reference === null) problems.push({ field: 'reference', message: 'the statement of reasons’ identifier (a uuid) or the request’s reference (YC-000123)' });
  const name = input.name.trim();
  if (name === '') problems.push({ field: 'name', message: 'your name or your organisation’s' });
  else if (length(name) > APPEAL_LIMITS.name) problems.push({ field: 'name', message: `at most ${APPEAL_LIMITS.name} characters` });
  const statement = input.statement.trim();
  if (statement === '') problems.push({ field: 'statement', message: 'say why the action was wrong' });
  else if (length(statement) > APPEAL_LIMITS.statement) problems.push({ field: 'statement', message: `at most ${APPEAL_LIMITS.statement} characters` });
  const typed = input.contact?.trim() ?? '';
  const contact = typed === '' ? null : emailOf(typed);
  if (typed !== '' && contact === null) problems.push({ field: 'contact', message: 'an email address, or nothing' });
  if (problems.length > 0 || reference === null) throw new AppError('VALIDATION_FAILED', undefined, problems);
  return { reference, name, contact, statement, locale: input.locale ?? 'vi' };
}

function emailOf(raw: string): string | null {
  if (raw.length > APPEAL_LIMITS.contact) return null;
  try {
    return parseTarget(raw, 'email').value;
  } catch (error) {
    if (error instanceof TargetError) return null;
    throw error;
  }
}

/** The action an appeal is against: the request and its published statement. */
export type AppealedAction = { request: RequestRow; statement: StatementRow };

/**
 * The action a reference names, if it can be appealed: unknown references are refused (422), and
 * so is a request that took nothing down (open, declined, withdrawn). An id may be the statement's
 * (public in the transparency database) or the request's (which the recipient was given).
 */
export async function appealableAction(db: Db, reference: AppealReference): Promise<AppealedAction> {
  let request: RequestRow | null;
  let statement: StatementRow | null = null;
  if (reference.kind === 'number') request = await repo.requestByNumber(db, reference.number);
  else {
    statement = await repo.statementById(db, reference.id);
    request = await findRequest(db, statement?.requestId ?? reference.id);
  }
  if (request === null) throw new AppError('TAKEDOWN_APPEAL_REFERENCE_UNKNOWN', undefined, [{ field: 'reference', message: 'no statement of reasons or request has this reference' }]);
  statement ??= await repo.statementOfRequest(db, request.id);
  if (!(APPEALABLE_STATUSES as readonly string[]).includes(request.status) || statement === null) {
    throw new AppError('TAKEDOWN_APPEAL_NOT_APPEALABLE', undefined, [{ field: 'reference', message: 'this request took no action (it is open, declined or withdrawn)' }]);
  }
  return { request, statement };
}

/** Refuse a second appeal: one is open, or one was decided (the decision is final here). */
export function refuseIfAppealed(statuses: readonly AppealStatus[]): void {
  if (statuses.includes('received')) throw new AppError('TAKEDOWN_APPEAL_OPEN', undefined, [{ field: 'reference', message: 'an appeal against this action is already open' }]);
  if (statuses.length > 0) throw new AppError('TAKEDOWN_APPEAL_DECIDED', undefined, [{ field: 'reference', message: 'this action was already reviewed on appeal' }]);
}

export type FilingDeps = { database: Database; box: SecretBox; notifier: Notifier; evidence: EvidenceStore };

/**
 * File an appeal: check it, resolve the action (422 unknown or not appealable, 409 already
 * appealed), check and store the evidence (type by content, metadata stripped — the report
 * evidence code), then, under the request's row lock, check again and write the appeal, its
 * evidence, the request's history line, the audit entry and the receipt email job together.
 * Public: no authorisation step; the per-client rate limit and the form's stamp guard it.
 */
export async function submitTakedownAppeal(deps: FilingDeps, ctx: Context, input: AppealInput, files: readonly { fileName: string; bytes: Uint8Array }[], channel: 'web' | 'api'): Promise<FiledAppeal> {
  const appeal = prepareAppeal(input);
  const action = await appealableAction(deps.database.db, appeal.reference);
  refuseIfAppealed(await repo.appealStatusesOf(deps.database.db, action.request.id));
  const evidence = await storeEvidence(deps.evidence, files);
  const id = crypto.randomUUID();
  const ticket = newAppealTicket();
  const contactCiphertext = appeal.contact === null ? null : deps.box.encrypt(appeal.contact);
  await deps.database.transaction(async (tx) => {
    // Two filings at once: the second waits here, then sees the first.
    await lockRequests(tx.db, [action.request.id]);
    refuseIfAppealed(await repo.appealStatusesOf(tx.db, action.request.id));
    await repo.insertAppeal(
      tx.db,
      {
        id,
        ticket,
        requestId: action.request.id,
        statementId: action.statement.id,
        appellantName: appeal.name,
        contactCiphertext,
        statement: appeal.statement,
        locale: appeal.locale,
        status: 'received',
        decisionReason: null,
        decidedBy: null,
        decidedByName: null,
        decidedAt: null,
        createdAt: ctx.now,
      },
      evidence.map((e) => ({ appealId: id, sha256: e.sha256, contentType: e.contentType, size: e.size, fileName: e.fileName })),
    );
    // Both sides of the request see that the action is under appeal; never who appealed.
    await insertEvent(tx.db, { requestId: action.request.id, kind: 'appeal_filed', actorOrgId: null, actorName: 'appellant', note: null, at: ctx.now });
    // Neither the name, the contact nor the ticket (the appellant's key) goes into the audit log.
    await recordAudit(tx.db, ctx, {
      orgId: action.request.issuerOrgId,
      action: 'takedown.appeal_received',
      subjectType: 'takedown_appeal',
      subjectId: id,
      summary: { requestId: action.request.id, number: action.request.number, evidence: evidence.length, contact: appeal.contact !== null, channel },
    });
    await queueAppellantMail(tx.db, deps.notifier, { id, contactCiphertext, locale: appeal.locale }, 'received', ctx.now);
  });
  return { id, ticket, status: 'received' };
}
