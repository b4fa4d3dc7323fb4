import { randomBytes } from 'node:crypto';
import type { Db } from '../../core/db.ts';
import { hashPassword } from '../../core/crypto.ts';
import { AppError, notFound } from '../../core/errors.ts';
import { FieldChecks } from '../../core/validate.ts';
import { recordAudit } from './audit-trail.ts';
import { PERMISSIONS, requireAccess, type Permission } from './policy.ts';
import { rolesFor, type Context, type OrgKind, type Role } from './model.ts';
import * as repo from './repository.ts';

export const MIN_PASSWORD_LENGTH = 12;

export type CreateUserInput = {
  orgId: string;
  email: string;
  displayName: string;
  role: Role;
  password?: string | undefined;
  locale?: 'vi' | 'en' | undefined;
};

/** A password people can type from a printout: 20 characters, no look-alikes. */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return Array.from(randomBytes(20), (byte) => alphabet[byte % alphabet.length]).join('');
}

/** Check a role exists for the organisation's kind. */
export function assertRoleAllowed(kind: OrgKind, role: Role): void {
  if (!rolesFor(kind).includes(role)) {
    throw new AppError('ROLE_NOT_ALLOWED', undefined, [{ field: 'role', message: `allowed for ${kind}: ${rolesFor(kind).join(', ')}` }]);
  }
}

/**
 * Create a person as a member of an organisation. Without a password, a one-time
 * password is generated, returned once, and must be changed at first login.
 */
export async function createUser(
  tx: Db,
  ctx: Context,
  input: CreateUserInput,
): Promise<{ user: repo.UserRow; oneTimePassword: string | null }> {
  requireAccess(ctx.actor, 'user.manage', input.orgId);
  new FieldChecks().text('displayName', input.displayName, 1, 120).text('email', input.email, 3, 254).optionalEmail('email', input.email).done();
  const org = await repo.findOrganization(tx, input.orgId);
  if (org === null) throw notFound();
  assertRoleAllowed(org.kind as OrgKind, input.role);
  if (input.password !== undefined && input.password.length < MIN_PASSWORD_LENGTH) {
    throw new AppError('VALIDATION_FAILED', undefined, [{ field: 'password', message: `at least ${MIN_PASSWORD_LENGTH} characters` }]);
  }
  const oneTimePassword = input.password === undefined ? generatePassword() : null;
  const email = input.email.trim().toLowerCase();
  const user = await repo
    .insertUser(tx, {
      email,
      displayName: input.displayName.trim(),
      passwordHash: await hashPassword(input.password ?? oneTimePassword ?? ''),
      mustChangePassword: oneTimePassword !== null,
      locale: input.locale ?? 'vi',
    })
    .catch((error: unknown) => {
      if (repo.isUniqueViolation(error)) throw new AppError('USER_EMAIL_TAKEN', undefined, [{ field: 'email', message: 'already used' }]);
      throw error;
    });
  await repo.insertMembership(tx, { userId: user.id, orgId: org.id, role: input.role });
  await recordAudit(tx, ctx, {
    orgId: org.id,
    action: 'user.create',
    subjectType: 'user',
    subjectId: user.id,
    summary: { email, displayName: user.displayName, role: input.role, oneTimePassword: oneTimePassword !== null },
  });
  return { user, oneTimePassword };
}

/** The members of an organisation. */
export async function listMembers(db: Db, ctx: Context, orgId: string): Promise<repo.MemberRow[]> {
  requireAccess(ctx.actor, 'user.read', orgId);
  return repo.listMembers(db, orgId);
}

/** Remove a person from an organisation (the account itself stays, for the audit trail). */
export async function removeMember(tx: Db, ctx: Context, orgId: string, userId: string): Promise<void> {
  requireAccess(ctx.actor, 'user.manage', orgId);
  if (ctx.actor.type === 'user' && ctx.actor.userId === userId) {
    throw new AppError('FORBIDDEN', 'You cannot remove yourself.');
  }
  const removed = await repo.deleteMembership(tx, orgId, userId);
  if (!removed) throw notFound();
  await recordAudit(tx, ctx, { orgId, action: 'user.remove', subjectType: 'user', subjectId: userId, summary: {} });
}

/** Authority staff who hold `permission` for cases of a province (null: national cases), for assignment lists. */
export async function staffFor(db: Db, permission: Permission, provinceCode: string | null): Promise<{ userId: string; displayName: string }[]> {
  const rule = PERMISSIONS[permission];
  const result = new Map<string, string>();
  for (const s of await repo.authorityStaff(db)) {
    const covers = s.membership.orgScope === 'national' || (provinceCode !== null && s.membership.provinceCode === provinceCode);
    if (covers && rule.allow(s.membership, s.membership.orgId)) result.set(s.userId, s.displayName);
  }
  return [...result].map(([userId, displayName]) => ({ userId, displayName }));
}
