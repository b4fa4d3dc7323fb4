import type { Db } from '../../core/db.ts';
import { randomToken, sha256Hex } from '../../core/crypto.ts';
import { AppError, notFound } from '../../core/errors.ts';
import { FieldChecks } from '../../core/validate.ts';
import { recordAudit } from './audit-trail.ts';
import { requireAccess } from './policy.ts';
import { tokenRoleFor, type Actor, type AuthorityScope, type Context, type OrgKind, type Scope } from './model.ts';
import * as repo from './repository.ts';

const TOKEN_PREFIX = 'antoan_';
// last_used_at is refreshed at most this often, so reads do not write on every call.
const TOUCH_INTERVAL_MS = 60_000;

export type TokenView = Omit<repo.TokenRow, 'tokenHash'>;

/** Strip the hash before a token row leaves the module. */
export function presentToken(row: repo.TokenRow): TokenView {
  const { tokenHash: _hash, ...rest } = row;
  return rest;
}

/** Create an organisation API token; the secret is returned here once and never again. */
export async function createToken(
  tx: Db,
  ctx: Context,
  input: { orgId: string; name: string; scopes: Scope[]; expiresAt?: Date | null | undefined },
): Promise<{ token: string; record: TokenView }> {
  requireAccess(ctx.actor, 'token.manage', input.orgId);
  new FieldChecks().text('name', input.name, 1, 100).done();
  if (await repo.findOrganization(tx, input.orgId) === null) throw notFound();
  if (input.expiresAt && input.expiresAt <= ctx.now) {
    throw new AppError('VALIDATION_FAILED', undefined, [{ field: 'expiresAt', message: 'must be in the future' }]);
  }
  const scopes = [...new Set(input.scopes)].sort();
  if (scopes.length === 0) throw new AppError('VALIDATION_FAILED', undefined, [{ field: 'scopes', message: 'at least one scope' }]);
  const secret = randomToken(32);
  const prefix = secret.slice(0, 8);
  const token = `${TOKEN_PREFIX}${secret}`;
  const record = await repo.insertToken(tx, {
    orgId: input.orgId,
    name: input.name.trim(),
    prefix,
    tokenHash: sha256Hex(token),
    scopes,
    createdBy: ctx.actor.type === 'user' ? ctx.actor.userId : null,
    expiresAt: input.expiresAt ?? null,
  });
  await recordAudit(tx, ctx, {
    orgId: input.orgId,
    action: 'token.create',
    subjectType: 'api_token',
    subjectId: record.id,
    summary: { name: record.name, prefix, scopes, expiresAt: record.expiresAt?.toISOString() ?? null },
  });
  return { token, record: presentToken(record) };
}

/** An organisation's tokens, without their hashes. */
export async function listTokens(db: Db, ctx: Context, orgId: string): Promise<TokenView[]> {
  requireAccess(ctx.actor, 'token.manage', orgId);
  return (await repo.listTokens(db, orgId)).map(presentToken);
}

/** Revoke a token at once; a revoked token gets 401 from the next request on. */
export async function revokeToken(tx: Db, ctx: Context, orgId: string, tokenId: string): Promise<TokenView> {
  requireAccess(ctx.actor, 'token.manage', orgId);
  const row = await repo.revokeToken(tx, orgId, tokenId, ctx.now);
  if (row === null) throw notFound();
  await recordAudit(tx, ctx, { orgId, action: 'token.revoke', subjectType: 'api_token', subjectId: tokenId, summary: { name: row.name, prefix: row.prefix } });
  return presentToken(row);
}

/** Resolve a bearer token to its actor, or throw INVALID_TOKEN. */
export async function authenticateToken(db: Db, bearer: string, now: Date): Promise<Actor> {
  if (!bearer.startsWith(TOKEN_PREFIX) || bearer.length > 200) throw new AppError('INVALID_TOKEN');
  const found = await repo.findUsableToken(db, sha256Hex(bearer), now);
  if (found === null) throw new AppError('INVALID_TOKEN');
  const { token, org } = found;
  if (token.lastUsedAt === null || now.getTime() - token.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
    await repo.touchToken(db, token.id, now);
  }
  const kind = org.kind as OrgKind;
  return {
    type: 'token',
    tokenId: token.id,
    name: token.name,
    scopes: token.scopes as Scope[],
    membership: {
      orgId: org.id,
      orgKind: kind,
      orgScope: org.scope as AuthorityScope | null,
      provinceCode: org.provinceCode,
      role: tokenRoleFor(kind),
    },
  };
}
