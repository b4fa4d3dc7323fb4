import type { SecretBox } from '../../core/crypto.ts';
import type { Database, Db } from '../../core/db.ts';
import { AppError, type ErrorDetail } from '../../core/errors.ts';
import { withIdempotency } from '../../core/idempotency.ts';
import { CATEGORY_CODES, type Category } from '../cases/index.ts';
import { queuedAuditStatement, type Context } from '../identity/index.ts';
import { parseTarget, TargetError, type Target } from '../targets/index.ts';
import type { StoredEvidence } from './evidence.ts';
import type { Notifier } from '../alerts/index.ts';
import { queueReceipt } from './notifications.ts';
import { newTicket, REPORT_LIMITS, type Channel } from './model.ts';
import { resolveProvince } from '../../core/provinces.ts';
import * as repo from './repository.ts';

/** A report as a person or a program sends it, before normalisation. */
export type ReportInput = {
  category: string;
  targets: { type?: string | undefined; value: string }[];
  description: string;
  contact?: string | null | undefined;
  shareContact?: boolean | undefined;
  province?: string | null | undefined;
  locale?: 'vi' | 'en' | undefined;
};

/** A report whose every field was checked and normalised: safe to store. */
export type PreparedReport = {
  category: Category;
  targets: Target[];
  description: string;
  contact: { kind: 'email' | 'phone'; value: string } | null;
  /** The reporter agreed that the platform running the content may see the contact. */
  shareContact: boolean;
  provinceCode: string | null;
  locale: 'vi' | 'en';
};

export type SubmittedReport = { id: string; ticket: string; status: 'received' };

/**
 * Check and normalise a report, listing every problem at once (field names
 * match the API body: `targets[2].value`, `contact`, `province`). Duplicated
 * targets are kept once. Pure: nothing is stored.
 */
export function prepareReport(input: ReportInput): PreparedReport {
  const problems: ErrorDetail[] = [];
  if (!(CATEGORY_CODES as readonly string[]).includes(input.category)) problems.push({ field: 'category', message: `one of ${CATEGORY_CODES.join(', ')}` });
  if (input.targets.length === 0) problems.push({ field: 'targets', message: 'at least one target' });
  if (input.targets.length > REPORT_LIMITS.targets) problems.push({ field: 'targets', message: `at most ${REPORT_LIMITS.targets} targets` });
  const targets: Target[] = [];
  input.targets.slice(0, REPORT_LIMITS.targets).forEach((candidate, index) => {
    try {
      const target = parseTarget(candidate.value, candidate.type);
      if (!targets.some((t) => t.type === target.type && t.value === target.value)) targets.push(target);
    } catch (error) {
      if (!(error instanceof TargetError)) throw error;
      problems.push({ field: `targets[${index}].value`, code: error.code, message: `${error.reason}: ${candidate.value.slice(0, 100)}` });
    }
  });
  const description = input.description.trim();
  if ([...description].length > REPORT_LIMITS.description) problems.push({ field: 'description', message: `at most ${REPORT_LIMITS.description} characters` });
  const contact = prepareContact(input.contact ?? null, problems);
  let provinceCode: string | null = null;
  if (input.province != null && input.province.trim() !== '') {
    provinceCode = resolveProvince(input.province)?.code ?? null;
    if (provinceCode === null) problems.push({ field: 'province', message: 'not one of the 34 provinces and cities (former names are accepted)' });
  }
  if (problems.length > 0) {
    const targetProblem = problems.some((p) => p.field?.startsWith('targets[') === true);
    throw new AppError(targetProblem ? 'TARGET_INVALID' : 'VALIDATION_FAILED', undefined, problems);
  }
  return { category: input.category as Category, targets, description, contact, shareContact: contact !== null && input.shareContact === true, provinceCode, locale: input.locale ?? 'vi' };
}

function prepareContact(raw: string | null, problems: ErrorDetail[]): PreparedReport['contact'] {
  if (raw === null || raw.trim() === '') return null;
  try {
    const parsed = parseTarget(raw);
    if (parsed.type === 'email' || parsed.type === 'phone') return { kind: parsed.type, value: parsed.value };
  } catch (error) {
    if (!(error instanceof TargetError)) throw error;
  }
  problems.push({ field: 'contact', message: 'an email address or a phone number' });
  return null;
}

export type IntakeDeps = { notifier: Notifier; box: SecretBox };

/**
 * Store a prepared report and answer with its ticket. The report, its targets,
 * evidence, first history line and audit entry are one statement, so intake is
 * one round trip; grouping into a case follows within a second (grouper.ts).
 * With an Idempotency-Key, or a receipt to queue, the write runs in a
 * transaction with the key and the notification; the same request then gives back the
 * first answer.
 */
export async function submitReport(
  database: Database,
  ctx: Context,
  report: PreparedReport,
  options: { channel: Channel; evidence: readonly StoredEvidence[]; idempotencyKey: string | null },
  deps: IntakeDeps,
): Promise<{ status: number; body: SubmittedReport; replayed: boolean }> {
  const id = crypto.randomUUID();
  const ticket = newTicket();
  const contactCiphertext = report.contact === null ? null : deps.box.encrypt(report.contact.value);
  const store = (db: Db) =>
    repo.insertReport(
      db,
      {
        id,
        ticket,
        category: report.category,
        description: report.description,
        locale: report.locale,
        provinceCode: report.provinceCode,
        channel: options.channel,
        contactCiphertext,
        contactKind: report.contact?.kind ?? null,
        shareContact: report.shareContact,
        createdAt: ctx.now,
      },
      report.targets.map((t, position) => ({ position, type: t.type, value: t.value, display: t.display, flags: [...t.flags] })),
      options.evidence.map((e, position) => ({ position, sha256: e.sha256, contentType: e.contentType, size: e.size, fileName: e.fileName })),
      queuedAuditStatement(ctx, {
        orgId: null,
        action: 'report.received',
        subjectType: 'report',
        subjectId: id,
        summary: { category: report.category, targets: report.targets.length, evidence: options.evidence.length, channel: options.channel },
      }),
    );
  const answer = { status: 201, body: { id, ticket, status: 'received' as const } };
  const told = report.contact !== null;
  if (options.idempotencyKey === null && !told) {
    await store(database.db);
    return { ...answer, replayed: false };
  }
  const request = { report, evidence: options.evidence.map((e) => e.sha256) };
  return database.transaction((tx) =>
    withIdempotency<SubmittedReport>(tx.db, { scope: 'reports', key: options.idempotencyKey, request, now: ctx.now }, async () => {
      await store(tx.db);
      await queueReceipt(tx.db, deps.notifier, { id, contactCiphertext, contactKind: report.contact?.kind ?? null, locale: report.locale }, ctx.now);
      return answer;
    }),
  );
}
