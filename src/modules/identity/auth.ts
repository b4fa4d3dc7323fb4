import type { Db } from '../../core/db.ts';
import { DUMMY_PASSWORD_HASH, hashPassword, randomToken, sha256Hex, verifyPassword, type SecretBox } from '../../core/crypto.ts';
import { AppError } from '../../core/errors.ts';
import { recordAudit } from './audit-trail.ts';
import { MIN_PASSWORD_LENGTH } from './members.ts';
import { requiresTwoFactor, type Actor, type Context } from './model.ts';
import * as repo from './repository.ts';
import { generateTotpSecret, totpUri, verifyTotp } from './totp.ts';

export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;

/** What the web layer needs to continue after a password check. */
export type LoginResult = {
  sessionToken: string;
  userId: string;
  /** 'enrol' for authority staff without TOTP, 'verify' when TOTP is set up, null when done. */
  twoFactor: 'enrol' | 'verify' | null;
  mustChangePassword: boolean;
};

/** The session behind a cookie, resolved to an actor. */
export type SessionState = {
  idHash: string;
  actor: Extract<Actor, { type: 'user' }>;
  twoFactor: 'enrol' | 'verify' | null;
  mustChangePassword: boolean;
};

/**
 * Check email and password, then open a session. Unknown emails spend the same
 * time as known ones; repeated failures lock the account for a while.
 */
export async function login(tx: Db, ctx: Context, input: { email: string; password: string; ttlHours: number }): Promise<LoginResult> {
  const email = input.email.trim().toLowerCase();
  const user = await repo.findUserByEmail(tx, email);
  if (user === null) {
    await verifyPassword(DUMMY_PASSWORD_HASH, input.password);
    throw new AppError('INVALID_CREDENTIALS');
  }
  if (user.lockedUntil !== null && user.lockedUntil > ctx.now) throw new AppError('ACCOUNT_LOCKED');
  const valid = user.status === 'active' && (await verifyPassword(user.passwordHash, input.password));
  if (!valid) {
    await repo.recordFailedLogin(tx, user.id, MAX_FAILED_LOGINS, new Date(ctx.now.getTime() + LOCK_MINUTES * 60_000));
    await recordAudit(tx, ctx, { orgId: null, action: 'auth.login_failed', subjectType: 'user', subjectId: user.id, summary: {} });
    throw new AppError('INVALID_CREDENTIALS');
  }
  const memberships = await repo.membershipsOf(tx, user.id);
  const twoFactor = user.totpEnabledAt !== null ? 'verify' : requiresTwoFactor(memberships) ? 'enrol' : null;
  const sessionToken = randomToken(32);
  await repo.insertSession(tx, {
    idHash: sha256Hex(sessionToken),
    userId: user.id,
    expiresAt: new Date(ctx.now.getTime() + input.ttlHours * 3_600_000),
    twoFactorVerified: false,
  });
  await repo.updateUser(tx, user.id, { failedLogins: 0, lockedUntil: null, lastLoginAt: ctx.now });
  await recordAudit(tx, ctx, { orgId: null, action: 'auth.login', subjectType: 'user', subjectId: user.id, summary: { twoFactor } });
  return { sessionToken, userId: user.id, twoFactor, mustChangePassword: user.mustChangePassword };
}

/** Resolve a session cookie, or null when it is unknown or expired. */
export async function resolveSession(db: Db, sessionToken: string, now: Date): Promise<SessionState | null> {
  if (sessionToken.length === 0 || sessionToken.length > 100) return null;
  const idHash = sha256Hex(sessionToken);
  const session = await repo.findLiveSession(db, idHash, now);
  if (session === null) return null;
  const user = await repo.findUser(db, session.userId);
  if (user === null || user.status !== 'active') return null;
  const memberships = await repo.membershipsOf(db, user.id);
  const enrolled = user.totpEnabledAt !== null;
  const twoFactor = session.twoFactorVerified ? null : enrolled ? 'verify' : requiresTwoFactor(memberships) ? 'enrol' : null;
  return {
    idHash,
    twoFactor,
    mustChangePassword: user.mustChangePassword,
    actor: {
      type: 'user',
      userId: user.id,
      email: user.email,
      displayName: user.displayName,
      memberships,
      twoFactorVerified: session.twoFactorVerified,
    },
  };
}

/** End a session. */
export async function logout(tx: Db, ctx: Context, idHash: string): Promise<void> {
  await repo.deleteSession(tx, idHash);
  await recordAudit(tx, ctx, { orgId: null, action: 'auth.logout', subjectType: 'session', subjectId: null, summary: {} });
}

/** Start TOTP enrolment: a fresh secret, stored sealed, not yet enabled. */
export async function beginTotpEnrolment(tx: Db, box: SecretBox, userId: string, email: string): Promise<{ secret: string; uri: string }> {
  const user = await repo.findUser(tx, userId);
  if (user === null) throw new AppError('UNAUTHENTICATED');
  if (user.totpEnabledAt !== null) throw new AppError('CONFLICT', 'Two-factor authentication is already set up.');
  const secret = user.totpSecretEnc !== null ? box.decrypt(user.totpSecretEnc) : generateTotpSecret();
  if (user.totpSecretEnc === null) await repo.updateUser(tx, userId, { totpSecretEnc: box.encrypt(secret) });
  return { secret, uri: totpUri(secret, email) };
}

/** Confirm enrolment with a first code, or verify a code at login; either way the session becomes verified. */
export async function verifyTwoFactor(tx: Db, ctx: Context, box: SecretBox, session: SessionState, code: string): Promise<void> {
  const user = await repo.findUser(tx, session.actor.userId);
  if (user === null || user.totpSecretEnc === null) throw new AppError('TWO_FACTOR_INVALID');
  const step = verifyTotp(box.decrypt(user.totpSecretEnc), code.replace(/\s/g, ''), ctx.now, user.totpLastStep);
  if (step === null) throw new AppError('TWO_FACTOR_INVALID');
  const enrolling = user.totpEnabledAt === null;
  await repo.updateUser(tx, user.id, { totpLastStep: step, ...(enrolling && { totpEnabledAt: ctx.now }) });
  await repo.markSessionVerified(tx, session.idHash);
  await recordAudit(tx, ctx, {
    orgId: null,
    action: enrolling ? 'auth.totp_enrol' : 'auth.totp_verify',
    subjectType: 'user',
    subjectId: user.id,
    summary: {},
  });
}

/** Change one's own password (required after a one-time password). */
export async function changePassword(tx: Db, ctx: Context, userId: string, input: { current: string; next: string }): Promise<void> {
  const user = await repo.findUser(tx, userId);
  if (user === null) throw new AppError('UNAUTHENTICATED');
  if (!(await verifyPassword(user.passwordHash, input.current))) {
    throw new AppError('INVALID_CREDENTIALS', undefined, [{ field: 'current', message: 'wrong password' }]);
  }
  if (input.next.length < MIN_PASSWORD_LENGTH || input.next === input.current) {
    throw new AppError('VALIDATION_FAILED', undefined, [{ field: 'next', message: `at least ${MIN_PASSWORD_LENGTH} characters, different from the current one` }]);
  }
  await repo.updateUser(tx, userId, { passwordHash: await hashPassword(input.next), mustChangePassword: false });
  await recordAudit(tx, ctx, { orgId: null, action: 'auth.password_change', subjectType: 'user', subjectId: userId, summary: {} });
}
