// Filing an appeal: anyone may ask for a listed value to be delisted (no account; the ticket is
// their key). The value is normalised like every target; an appeal about a value that is not
// listed is refused, since there is nothing to delist.
import type { SecretBox } from '../../../core/crypto.ts';
import type { Database } from '../../../core/db.ts';
import { AppError, type ErrorDetail } from '../../../core/errors.ts';
import type { EvidenceStore } from '../../../core/files/index.ts';
import type { Locale } from '../../../core/i18n.ts';
import type { Notifier } from '../../alerts/index.ts';
import { recordAudit, type Context } from '../../identity/index.ts';
import { storeEvidence } from '../../reports/index.ts';
import { isTargetType, parseTarget, TargetError, type Target } from '../../targets/index.ts';
import * as indicators from '../repository.ts';
import type { IndicatorRow } from '../repository.ts';
import { queueAppellantMail } from './mail.ts';
import { APPEAL_GROUNDS, APPEAL_LIMITS, newAppealTicket, type AppealGround } from './model.ts';
import * as repo from './repository.ts';

/** An appeal as a person or a program sends it, before normalisation. */
export type AppealInput = {
  value: string;
  type?: string | undefined;
  ground: string;
  statement: string;
  appellantName: string;
  contact: string;
  locale?: Locale | undefined;
};

/** An appeal whose every field was checked and normalised. */
export type PreparedAppeal = {
  target: Target;
  ground: AppealGround;
  statement: string;
  appellantName: string;
  /** The normalised email address (encrypted before it is stored). */
  contact: string;
  locale: Locale;
};

export type FiledAppeal = { id: string; ticket: string; status: 'received' };

const length = (text: string) => [...text].length;

/** Check and normalise an appeal, listing every problem at once (field names as in the API body). Pure. */
export function prepareAppeal(input: AppealInput): PreparedAppeal {
  const problems: ErrorDetail[] = [];
  let target: Target | null = null;
  if (input.type !== undefined && !isTargetType(input.type)) problems.push({ field: 'type', message: 'not a target type' });
  else {
    try {
      target = parseTarget(input.value, input.type);
    } catch (error) {
      if (!(error instanceof TargetError)) throw error;
      problems.push({ field: 'value', code: error.code, message: error.reason });
    }
  }
  if (!(APPEAL_GROUNDS as readonly string[]).includes(input.ground)) problems.push({ field: 'ground', message: `one of ${APPEAL_GROUNDS.join(', ')}` });
  const statement = input.statement.trim();
  if (statement === '') problems.push({ field: 'statement', message: 'say why the listing is wrong' });
  else if (length(statement) > APPEAL_LIMITS.statement) problems.push({ field: 'statement', message: `at most ${APPEAL_LIMITS.statement} characters` });
  const appellantName = input.appellantName.trim();
  if (appellantName === '') problems.push({ field: 'appellantName', message: 'your name or your organisation’s' });
  else if (length(appellantName) > APPEAL_LIMITS.name) problems.push({ field: 'appellantName', message: `at most ${APPEAL_LIMITS.name} characters` });
  const contact = emailOf(input.contact);
  if (contact === null) problems.push({ field: 'contact', message: 'an email address, to tell you the outcome' });
  if (problems.length > 0 || target === null || contact === null) {
    throw new AppError(problems.some((p) => p.field === 'value') ? 'TARGET_INVALID' : 'VALIDATION_FAILED', undefined, problems);
  }
  return { target, ground: input.ground as AppealGround, statement, appellantName, contact, locale: input.locale ?? 'vi' };
}

function emailOf(raw: string): string | null {
  if (raw.trim() === '' || raw.length > APPEAL_LIMITS.contact) return null;
  try {
    return parseTarget(raw, 'email').value;
  } catch (error) {
    if (error instanceof TargetError) return null;
    throw error;
  }
}

/** Listings of a value that are in force now: what an appeal can be about, and what the check answers from. */
export function inForce(rows: readonly IndicatorRow[], now: Date): IndicatorRow[] {
  return rows.filter((row) => row.status === 'active' && (row.expiresAt === null || row.expiresAt > now));
}

export type FilingDeps = { database: Database; box: SecretBox; notifier: Notifier; evidence: EvidenceStore };

/**
 * File an appeal: check it, refuse a value that is not listed (422), check and store the evidence
 * (type by content, metadata stripped — the report evidence code), then write the appeal, its
 * evidence, the audit entry and the receipt email job in one transaction.
 * Public: no authorisation step; the per-client rate limit and the form's stamp guard it.
 */
export async function submitAppeal(deps: FilingDeps, ctx: Context, input: AppealInput, files: readonly { fileName: string; bytes: Uint8Array }[], channel: 'web' | 'api'): Promise<FiledAppeal> {
  const appeal = prepareAppeal(input);
  const listed = inForce(await indicators.indicatorsOfValue(deps.database.db, appeal.target.type, appeal.target.value), ctx.now);
  if (listed.length === 0) throw new AppError('NOT_LISTED', undefined, [{ field: 'value', message: 'not listed: nothing to appeal' }]);
  const evidence = await storeEvidence(deps.evidence, files);
  const id = crypto.randomUUID();
  const ticket = newAppealTicket();
  const contactCiphertext = deps.box.encrypt(appeal.contact);
  await deps.database.transaction(async (tx) => {
    await repo.insertAppeal(
      tx.db,
      {
        id,
        ticket,
        type: appeal.target.type,
        value: appeal.target.value,
        ground: appeal.ground,
        statement: appeal.statement,
        appellantName: appeal.appellantName,
        contactCiphertext,
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
    // Neither the contact nor the ticket (the appellant's key) goes into the audit log.
    await recordAudit(tx.db, ctx, { orgId: null, action: 'appeal.received', subjectType: 'appeal', subjectId: id, summary: { type: appeal.target.type, ground: appeal.ground, evidence: evidence.length, listings: listed.length, channel } });
    await queueAppellantMail(tx.db, deps.notifier, { id, contactCiphertext, locale: appeal.locale }, 'received', ctx.now);
  });
  return { id, ticket, status: 'received' };
}
