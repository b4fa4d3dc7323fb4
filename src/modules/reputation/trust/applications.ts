// Applying for a trust badge: check every field at once, then store the organisation (status
// applied), its domains and one criterion line per criterion, with the contact encrypted.
// Anyone may apply; the form and the API are rate limited per client.
import type { SecretBox } from '../../../core/crypto.ts';
import type { Tx } from '../../../core/db.ts';
import { AppError, type ErrorDetail } from '../../../core/errors.ts';
import { recordAudit, type Context } from '../../identity/index.ts';
import { parseTarget, TargetError } from '../../targets/index.ts';
import { CRITERIA, type CriterionCode } from './criteria.ts';
import { isValidSlug, slugCandidate, slugFromName, TRUST_LIMITS } from './model.ts';
import * as repo from './repository.ts';

/** An application as a person or a program sends it. */
export type ApplicationInput = {
  name: string;
  slug?: string | null | undefined;
  website: string;
  description?: string | null | undefined;
  domains: readonly string[];
  contact: string;
  statements: Readonly<Record<string, string | null | undefined>>;
};

/** An application whose every field was checked and normalised. */
export type PreparedApplication = {
  name: string;
  slug: string | null;
  website: string;
  description: string | null;
  domains: string[];
  contact: string;
  statements: Record<CriterionCode, string>;
};

export type SubmittedApplication = { id: string; slug: string; status: 'applied' };

/** Problems found while checking, each with a stable code the form turns into words. */
class Problems {
  readonly list: ErrorDetail[] = [];
  add(field: string, code: string, message: string): void {
    this.list.push({ field, code, message });
  }
  /** A required text: trimmed, NFC, within `max` characters; '' when missing (and a problem). */
  text(field: string, value: string | null | undefined, max: number, required: boolean): string {
    const text = (value ?? '').normalize('NFC').trim();
    if (text === '') {
      if (required) this.add(field, 'required', 'required');
    } else if ([...text].length > max) {
      this.add(field, 'too_long', `at most ${max} characters`);
    } else if (/[\p{Cc}--[\t\n\r]]/v.test(text)) {
      this.add(field, 'invalid', 'contains control characters');
    }
    return text;
  }
}

/** The normalised domains of a list (1–20, no wildcards), problems named `domains[i]`. */
export function prepareDomains(values: readonly string[], problems: Problems, options: { required: boolean }): string[] {
  if (values.length === 0 && options.required) problems.add('domains', 'required', 'at least one domain');
  if (values.length > TRUST_LIMITS.domains) problems.add('domains', 'too_many', `at most ${TRUST_LIMITS.domains} domains`);
  const domains: string[] = [];
  values.slice(0, TRUST_LIMITS.domains).forEach((raw, index) => {
    const field = `domains[${index}]`;
    const value = raw.trim();
    if (value.startsWith('*.')) return problems.add(field, 'wildcard', `name each domain without a wildcard: ${value.slice(0, 100)}`);
    try {
      const domain = parseTarget(value, 'domain').value;
      if (!domains.includes(domain)) domains.push(domain);
    } catch (error) {
      if (!(error instanceof TargetError)) throw error;
      problems.add(field, error.code === 'TARGET_EMPTY' ? 'required' : 'invalid', `${error.reason}: ${value.slice(0, 100)}`);
    }
  });
  return domains;
}

/** The canonical http(s) URL of a website whose host is one of `domains` (when given). */
function prepareWebsite(value: string, domains: readonly string[] | null, problems: Problems): string {
  if (value === '') return '';
  try {
    const url = parseTarget(value, 'url');
    const host = url.details.host ?? '';
    if (domains !== null && domains.length > 0 && !domains.includes(host)) problems.add('website', 'website_domain', `the website's domain (${host}) must be one of the domains`);
    return url.value;
  } catch (error) {
    if (!(error instanceof TargetError)) throw error;
    problems.add('website', 'invalid', error.reason);
    return '';
  }
}

/** The name, slug, website and description shared by applications and staff entries. */
export function prepareIdentity(input: { name: string; slug?: string | null | undefined; description?: string | null | undefined }, problems: Problems) {
  const name = problems.text('name', input.name, TRUST_LIMITS.name, true).replace(/\s+/g, ' ');
  if (name !== '' && [...name].length < 2) problems.add('name', 'too_short', 'at least 2 characters');
  const slug = input.slug?.trim() ?? '';
  if (slug !== '' && !isValidSlug(slug)) problems.add('slug', 'invalid', 'lower-case letters, digits and hyphens (not "apply")');
  const description = problems.text('description', input.description, TRUST_LIMITS.description, false);
  return { name, slug: slug === '' ? null : slug, description: description === '' ? null : description };
}

/** Check and normalise an application, listing every problem at once. Pure: nothing is stored. */
export function prepareApplication(input: ApplicationInput): PreparedApplication {
  const problems = new Problems();
  const identity = prepareIdentity(input, problems);
  const domains = prepareDomains(input.domains, problems, { required: true });
  const websiteText = problems.text('website', input.website, TRUST_LIMITS.website, true);
  const website = prepareWebsite(websiteText, domains, problems);
  const contactText = problems.text('contact', input.contact, TRUST_LIMITS.contact, true);
  let contact = '';
  if (contactText !== '') {
    try {
      contact = parseTarget(contactText, 'email').value;
    } catch (error) {
      if (!(error instanceof TargetError)) throw error;
      problems.add('contact', 'invalid', 'an email address');
    }
  }
  const statements = {} as Record<CriterionCode, string>;
  for (const criterion of CRITERIA) statements[criterion.code] = problems.text(`statements.${criterion.code}`, input.statements[criterion.code], TRUST_LIMITS.statement, true);
  if (problems.list.length > 0) throw new AppError('VALIDATION_FAILED', undefined, problems.list);
  return { ...identity, website, domains, contact, statements };
}

/** A fresh Problems collector (for staff entries, which share the checks). */
export function newProblems(): Problems {
  return new Problems();
}

export type { Problems };

/**
 * Insert an entity under the given slug (409 when taken) or the first free slug its name
 * suggests (name, name-2, name-3…). The unique index decides, so two requests never share one.
 */
export async function insertWithSlug(tx: Tx, row: Omit<repo.NewEntity, 'slug'> & { name: string }, slug: string | null): Promise<repo.EntityRow> {
  if (slug !== null) {
    const inserted = await repo.insertEntity(tx.db, { ...row, slug });
    if (inserted === null) throw new AppError('CONFLICT', 'This short name is taken.', [{ field: 'slug', code: 'slug_taken', message: 'this short name is taken' }]);
    return inserted;
  }
  const base = slugFromName(row.name);
  // Another application may take the free slug between the read and the insert: then look again.
  for (let round = 0; round < 5; round++) {
    const taken = new Set(await repo.slugsOf(tx.db, base));
    let attempt = 0;
    while (taken.has(slugCandidate(base, attempt))) attempt++;
    const inserted = await repo.insertEntity(tx.db, { ...row, slug: slugCandidate(base, attempt) });
    if (inserted !== null) return inserted;
  }
  throw new AppError('CONFLICT', 'No free short name; choose one.', [{ field: 'slug', code: 'slug_taken', message: 'choose a short name' }]);
}

/** Store a prepared application (status applied, every criterion pending) and audit it. Public: no permission needed. */
export async function submitApplication(tx: Tx, ctx: Context, application: PreparedApplication, deps: { box: SecretBox }): Promise<SubmittedApplication> {
  const entity = await insertWithSlug(
    tx,
    {
      name: application.name,
      website: application.website,
      description: application.description,
      contactCiphertext: deps.box.encrypt(application.contact),
      status: 'applied',
      createdAt: ctx.now,
      updatedAt: ctx.now,
    },
    application.slug,
  );
  await repo.insertDomains(tx.db, entity.id, application.domains);
  await repo.insertCriteria(
    tx.db,
    CRITERIA.map((c) => ({ entityId: entity.id, criterion: c.code, statement: application.statements[c.code], finding: 'pending', note: null, checkedBy: null, checkedAt: null })),
  );
  await recordAudit(tx.db, ctx, { orgId: null, action: 'trust.applied', subjectType: 'trust_entity', subjectId: entity.id, summary: { slug: entity.slug, domains: application.domains } });
  return { id: entity.id, slug: entity.slug, status: 'applied' };
}
