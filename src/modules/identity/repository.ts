import { and, asc, count, eq, gt, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { insertedRow, type Db } from '../../core/db.ts';
import type { AuthorityScope, Membership, OrgKind, Role, Scope } from './model.ts';
import { apiTokens, memberships, organizations, sessions, users } from './tables.ts';

export type OrganizationRow = typeof organizations.$inferSelect;
export type UserRow = typeof users.$inferSelect;
export type TokenRow = typeof apiTokens.$inferSelect;
export type MemberRow = { userId: string; email: string; displayName: string; role: Role; status: string; totpEnabled: boolean; lastLoginAt: Date | null; createdAt: Date };

/** Postgres unique-violation, whichever driver raised it. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string } } | null;
  const pgError = e?.code === '23505' ? e : e?.cause?.code === '23505' ? e.cause : null;
  return pgError !== null && (constraint === undefined || pgError.constraint === constraint);
}

export async function insertOrganization(
  db: Db,
  values: { slug: string; name: string; kind: OrgKind; scope: AuthorityScope | null; provinceCode: string | null; contactEmail: string | null },
): Promise<OrganizationRow> {
  return insertedRow(await db.insert(organizations).values(values).returning());
}

export async function findOrganization(db: Db, id: string): Promise<OrganizationRow | null> {
  const [row] = await db.select().from(organizations).where(eq(organizations.id, id));
  return row ?? null;
}

export async function findOrganizationBySlug(db: Db, slug: string): Promise<OrganizationRow | null> {
  const [row] = await db.select().from(organizations).where(eq(organizations.slug, slug));
  return row ?? null;
}

/** Organisations, optionally only those with the given ids. */
export async function listOrganizations(db: Db, onlyIds: string[] | null): Promise<OrganizationRow[]> {
  if (onlyIds !== null && onlyIds.length === 0) return [];
  const where = onlyIds === null ? undefined : inArray(organizations.id, onlyIds);
  return db.select().from(organizations).where(where).orderBy(asc(organizations.name));
}

export async function updateOrganization(
  db: Db,
  id: string,
  changes: Partial<Pick<OrganizationRow, 'name' | 'contactEmail' | 'status' | 'provinceCode'>>,
  now: Date,
): Promise<OrganizationRow | null> {
  const [row] = await db.update(organizations).set({ ...changes, updatedAt: now }).where(eq(organizations.id, id)).returning();
  return row ?? null;
}

export async function countUsers(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users);
  return row?.n ?? 0;
}

export async function insertUser(
  db: Db,
  values: { email: string; displayName: string; passwordHash: string; mustChangePassword: boolean; locale: string },
): Promise<UserRow> {
  return insertedRow(await db.insert(users).values(values).returning());
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | null> {
  const [row] = await db.select().from(users).where(eq(users.email, email));
  return row ?? null;
}

export async function findUser(db: Db, id: string): Promise<UserRow | null> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row ?? null;
}

export async function updateUser(
  db: Db,
  id: string,
  changes: Partial<Omit<UserRow, 'id' | 'email' | 'createdAt'>>,
): Promise<void> {
  await db.update(users).set(changes).where(eq(users.id, id));
}

/** Count a failed login; lock the account once `maxFailures` is reached. */
export async function recordFailedLogin(db: Db, id: string, maxFailures: number, lockUntil: Date): Promise<void> {
  await db
    .update(users)
    .set({
      failedLogins: sql`${users.failedLogins} + 1`,
      lockedUntil: sql`case when ${users.failedLogins} + 1 >= ${maxFailures} then ${lockUntil.toISOString()}::timestamptz else ${users.lockedUntil} end`,
    })
    .where(eq(users.id, id));
}

export async function insertMembership(db: Db, values: { userId: string; orgId: string; role: Role }): Promise<void> {
  await db.insert(memberships).values(values);
}

export async function deleteMembership(db: Db, orgId: string, userId: string): Promise<boolean> {
  const rows = await db
    .delete(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)))
    .returning({ id: memberships.id });
  return rows.length > 0;
}

/** A membership with what policy needs to know of its organisation (memberships joined to organizations). */
const membershipColumns = {
  orgId: memberships.orgId,
  role: memberships.role,
  orgKind: organizations.kind,
  orgScope: organizations.scope,
  provinceCode: organizations.provinceCode,
};

/** A user's memberships with what policy needs to know of each organisation. */
export async function membershipsOf(db: Db, userId: string): Promise<Membership[]> {
  const rows = await db
    .select(membershipColumns)
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(and(eq(memberships.userId, userId), eq(organizations.status, 'active')));
  return rows.map(toMembership);
}

/** A membership row joined with its organisation, typed as policy needs it. */
function toMembership(r: { orgId: string; role: string; orgKind: string; orgScope: string | null; provinceCode: string | null }): Membership {
  return { orgId: r.orgId, role: r.role as Role, orgKind: r.orgKind as OrgKind, orgScope: r.orgScope as AuthorityScope | null, provinceCode: r.provinceCode };
}

export async function listMembers(db: Db, orgId: string): Promise<MemberRow[]> {
  const rows = await db
    .select({
      userId: users.id,
      email: users.email,
      displayName: users.displayName,
      role: memberships.role,
      status: users.status,
      totpEnabledAt: users.totpEnabledAt,
      lastLoginAt: users.lastLoginAt,
      createdAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.orgId, orgId))
    .orderBy(asc(users.displayName));
  return rows.map(({ totpEnabledAt, role, ...rest }) => ({ ...rest, role: role as Role, totpEnabled: totpEnabledAt !== null }));
}

export async function insertSession(db: Db, values: { idHash: string; userId: string; expiresAt: Date; twoFactorVerified: boolean }): Promise<void> {
  await db.insert(sessions).values(values);
}

export async function findLiveSession(db: Db, idHash: string, now: Date) {
  const [row] = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.idHash, idHash), gt(sessions.expiresAt, now)));
  return row ?? null;
}

export async function markSessionVerified(db: Db, idHash: string): Promise<void> {
  await db.update(sessions).set({ twoFactorVerified: true }).where(eq(sessions.idHash, idHash));
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.idHash, idHash));
}

/** Remove expired sessions (housekeeping job). */
export async function deleteExpiredSessions(db: Db, now: Date): Promise<number> {
  const rows = await db.delete(sessions).where(lt(sessions.expiresAt, now)).returning({ id: sessions.idHash });
  return rows.length;
}

export async function insertToken(
  db: Db,
  values: { orgId: string; name: string; prefix: string; tokenHash: string; scopes: Scope[]; createdBy: string | null; expiresAt: Date | null },
): Promise<TokenRow> {
  return insertedRow(await db.insert(apiTokens).values(values).returning());
}

export async function listTokens(db: Db, orgId: string): Promise<TokenRow[]> {
  return db.select().from(apiTokens).where(eq(apiTokens.orgId, orgId)).orderBy(asc(apiTokens.createdAt));
}

/** A token by hash if it is neither revoked nor expired, with its organisation. */
export async function findUsableToken(db: Db, tokenHash: string, now: Date) {
  const [row] = await db
    .select({ token: apiTokens, org: organizations })
    .from(apiTokens)
    .innerJoin(organizations, eq(organizations.id, apiTokens.orgId))
    .where(
      and(
        eq(apiTokens.tokenHash, tokenHash),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)),
        eq(organizations.status, 'active'),
      ),
    );
  return row ?? null;
}

export async function touchToken(db: Db, id: string, now: Date): Promise<void> {
  await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, id));
}

export async function revokeToken(db: Db, orgId: string, id: string, now: Date): Promise<TokenRow | null> {
  const [row] = await db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.id, id), eq(apiTokens.orgId, orgId), isNull(apiTokens.revokedAt)))
    .returning();
  return row ?? null;
}

/** Active people of authority organisations, with their memberships (for assigning work). */
export async function authorityStaff(db: Db): Promise<{ userId: string; displayName: string; membership: Membership }[]> {
  const rows = await db
    .select({
      userId: users.id,
      displayName: users.displayName,
      ...membershipColumns,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(and(eq(organizations.kind, 'authority'), eq(organizations.status, 'active'), eq(users.status, 'active')))
    .orderBy(asc(users.displayName));
  return rows.map((r) => ({ userId: r.userId, displayName: r.displayName, membership: toMembership(r) }));
}

/**
 * Where to escalate: the active supervisors and admins of an authority organisation (null: of every
 * national authority), with the locale they read in.
 */
export async function supervisorsOf(db: Db, orgId: string | null): Promise<{ userId: string; email: string; locale: string }[]> {
  const where = orgId === null ? and(eq(organizations.kind, 'authority'), eq(organizations.scope, 'national')) : eq(organizations.id, orgId);
  const rows = await db
    .selectDistinct({ userId: users.id, email: users.email, locale: users.locale })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(and(where, eq(organizations.kind, 'authority'), eq(organizations.status, 'active'), eq(users.status, 'active'), inArray(memberships.role, ['supervisor', 'admin'])))
    .orderBy(asc(users.email));
  return rows;
}
