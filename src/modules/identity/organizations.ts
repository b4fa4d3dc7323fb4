import type { Db } from '../../core/db.ts';
import { AppError, notFound } from '../../core/errors.ts';
import { FieldChecks } from '../../core/validate.ts';
import { recordAudit } from './audit-trail.ts';
import { effectiveMemberships, can, requireAccess } from './policy.ts';
import { PROVINCE_PATTERN, PROVINCE_RULE, SLUG_PATTERN, SLUG_RULE, type AuthorityScope, type Context, type OrgKind } from './model.ts';
import * as repo from './repository.ts';

export type CreateOrganizationInput = {
  slug: string;
  name: string;
  kind: OrgKind;
  scope?: AuthorityScope | null | undefined;
  provinceCode?: string | null | undefined;
  contactEmail?: string | null | undefined;
};

/** Create a tenant. Only national authority admins may. */
export async function createOrganization(tx: Db, ctx: Context, input: CreateOrganizationInput): Promise<repo.OrganizationRow> {
  requireAccess(ctx.actor, 'org.create');
  new FieldChecks()
    .text('name', input.name, 2, 200)
    .optionalPattern('slug', input.slug, SLUG_PATTERN, SLUG_RULE)
    .optionalPattern('provinceCode', input.provinceCode, PROVINCE_PATTERN, PROVINCE_RULE)
    .optionalEmail('contactEmail', input.contactEmail)
    .done();
  const scope = input.kind === 'authority' ? (input.scope ?? null) : null;
  if (input.kind === 'authority' && scope === null) {
    throw new AppError('VALIDATION_FAILED', 'An authority needs a scope.', [{ field: 'scope', message: 'national or provincial' }]);
  }
  if (input.kind !== 'authority' && input.scope != null) {
    throw new AppError('VALIDATION_FAILED', 'Only an authority has a scope.', [{ field: 'scope', message: 'only for kind authority' }]);
  }
  if (scope === 'provincial' && !input.provinceCode) {
    throw new AppError('VALIDATION_FAILED', 'A provincial authority needs its province.', [{ field: 'provinceCode', message: 'required for a provincial authority' }]);
  }
  const values = {
    slug: input.slug,
    name: input.name.trim(),
    kind: input.kind,
    scope,
    provinceCode: input.provinceCode ?? null,
    contactEmail: input.contactEmail?.toLowerCase() ?? null,
  };
  const org = await repo.insertOrganization(tx, values).catch((error: unknown) => {
    if (repo.isUniqueViolation(error)) throw new AppError('ORG_SLUG_TAKEN', undefined, [{ field: 'slug', message: 'already used' }]);
    throw error;
  });
  await recordAudit(tx, ctx, { orgId: org.id, action: 'org.create', subjectType: 'organization', subjectId: org.id, summary: values });
  return org;
}

export type UpdateOrganizationInput = { name?: string | undefined; contactEmail?: string | null | undefined; status?: 'active' | 'suspended' | undefined };

/** Change an organisation's settings; suspending is for national admins only. */
export async function updateOrganization(tx: Db, ctx: Context, orgId: string, input: UpdateOrganizationInput): Promise<repo.OrganizationRow> {
  requireAccess(ctx.actor, 'org.update', orgId);
  if (input.status !== undefined) requireAccess(ctx.actor, 'org.create');
  const checks = new FieldChecks().optionalEmail('contactEmail', input.contactEmail);
  if (input.name !== undefined) checks.text('name', input.name, 2, 200);
  checks.done();
  const before = await repo.findOrganization(tx, orgId);
  if (before === null) throw notFound();
  const changes = {
    ...(input.name !== undefined && { name: input.name.trim() }),
    ...(input.contactEmail !== undefined && { contactEmail: input.contactEmail?.toLowerCase() ?? null }),
    ...(input.status !== undefined && { status: input.status }),
  };
  const after = await repo.updateOrganization(tx, orgId, changes, ctx.now);
  if (after === null) throw notFound();
  const diff = Object.fromEntries(
    Object.entries(changes).map(([k, v]) => [k, { from: before[k as keyof typeof changes] ?? null, to: v }]),
  );
  await recordAudit(tx, ctx, { orgId, action: 'org.update', subjectType: 'organization', subjectId: orgId, summary: diff });
  return after;
}

/** One organisation the caller may see. */
export async function getOrganization(db: Db, ctx: Context, orgId: string): Promise<repo.OrganizationRow> {
  requireAccess(ctx.actor, 'org.read', orgId);
  const org = await repo.findOrganization(db, orgId);
  if (org === null) throw notFound();
  return org;
}

/** Every organisation for national staff; otherwise the caller's own. */
export async function listOrganizations(db: Db, ctx: Context): Promise<repo.OrganizationRow[]> {
  if (ctx.actor.type === 'anonymous') throw new AppError('UNAUTHENTICATED');
  if (can(ctx.actor, 'org.list_all')) return repo.listOrganizations(db, null);
  const own = effectiveMemberships(ctx.actor)
    .map((m) => m.orgId)
    .filter((id) => can(ctx.actor, 'org.read', id));
  return repo.listOrganizations(db, own);
}
