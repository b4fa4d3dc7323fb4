import { userInfo } from 'node:os';
import type { Config } from '../core/config.ts';
import { AppError } from '../core/errors.ts';
import { verifyAuditChain } from '../modules/audit/index.ts';
import {
  createOrganization,
  createToken,
  createUser,
  ORG_KINDS,
  ROLES,
  SCOPES,
  SLUG_PATTERN,
  SLUG_RULE,
  PROVINCE_PATTERN,
  PROVINCE_RULE,
  type AuthorityScope,
  type Context,
  type OrgKind,
  type Role,
  type Scope,
} from '../modules/identity/index.ts';
import { findOrganizationBySlug } from '../modules/identity/repository.ts';
import { FieldChecks } from '../core/validate.ts';
import { openRuntime, prepareData, type Runtime } from '../runtime.ts';

/** Open the database for one command, run it, close it. The data-dir lock refuses if the server holds it. */
async function withRuntime<T>(config: Config, command: string, fn: (runtime: Runtime, ctx: Context) => Promise<T>): Promise<T> {
  const runtime = await openRuntime(config, { command, logger: undefined });
  try {
    await prepareData(runtime);
    const ctx: Context = { actor: { type: 'system', label: `cli:${userInfo().username}` }, requestId: null, now: runtime.clock.now() };
    return await fn(runtime, ctx);
  } finally {
    await runtime.close();
  }
}

function oneOf<T extends string>(field: string, value: string | undefined, allowed: readonly T[]): T {
  const match = allowed.find((candidate) => candidate === value);
  if (match === undefined) throw new AppError('VALIDATION_FAILED', undefined, [{ field, message: `one of ${allowed.join(', ')}` }]);
  return match;
}

async function orgIdOf(runtime: Runtime, slug: string): Promise<string> {
  const org = await findOrganizationBySlug(runtime.database.db, slug.toLowerCase());
  if (org === null) throw new AppError('NOT_FOUND', `No organisation with the short name "${slug}".`);
  return org.id;
}

/** `antoan org create` */
export async function orgCreate(config: Config, options: { slug: string; name: string; kind: string; scope?: string; province?: string; contact?: string }): Promise<string> {
  // Checked before the database is opened, so bad input changes nothing (not even a first-start bootstrap).
  new FieldChecks()
    .optionalPattern('slug', options.slug, SLUG_PATTERN, SLUG_RULE)
    .optionalPattern('province', options.province, PROVINCE_PATTERN, PROVINCE_RULE)
    .done();
  const kind = oneOf<OrgKind>('kind', options.kind, ORG_KINDS);
  const scope = options.scope === undefined ? null : oneOf<AuthorityScope>('scope', options.scope, ['national', 'provincial']);
  return withRuntime(config, 'org create', async (runtime, ctx) => {
    const org = await runtime.database.transaction((tx) =>
      createOrganization(tx.db, ctx, {
        slug: options.slug,
        name: options.name,
        kind,
        scope,
        provinceCode: options.province ?? null,
        contactEmail: options.contact ?? null,
      }),
    );
    return `organisation created\n  id:   ${org.id}\n  slug: ${org.slug}\n  kind: ${org.kind}${org.scope ? ` (${org.scope})` : ''}`;
  });
}

/** `antoan user create` */
export async function userCreate(config: Config, options: { org: string; email: string; name: string; role: string; password?: string }): Promise<string> {
  const role = oneOf<Role>('role', options.role, ROLES);
  return withRuntime(config, 'user create', async (runtime, ctx) => {
    const orgId = await orgIdOf(runtime, options.org);
    const { user, oneTimePassword } = await runtime.database.transaction((tx) =>
      createUser(tx.db, ctx, { orgId, email: options.email, displayName: options.name, role, password: options.password }),
    );
    const password = oneTimePassword === null ? '' : `\n  one-time password: ${oneTimePassword}   (shown once; must be changed at first login)`;
    return `user created\n  id:    ${user.id}\n  email: ${user.email}${password}`;
  });
}

/** `antoan token create` */
export async function tokenCreate(config: Config, options: { org: string; name: string; scopes: string; expires?: string }): Promise<string> {
  const scopes = options.scopes.split(',').map((s) => oneOf<Scope>('scopes', s.trim(), SCOPES));
  const expiresAt = options.expires === undefined ? null : new Date(options.expires);
  if (expiresAt !== null && Number.isNaN(expiresAt.getTime())) throw new AppError('VALIDATION_FAILED', undefined, [{ field: 'expires', message: 'an ISO date' }]);
  return withRuntime(config, 'token create', async (runtime, ctx) => {
    const orgId = await orgIdOf(runtime, options.org);
    const { token, record } = await runtime.database.transaction((tx) => createToken(tx.db, ctx, { orgId, name: options.name, scopes, expiresAt }));
    return `token created (shown once; store it now)\n  id:     ${record.id}\n  scopes: ${record.scopes.join(',')}\n  token:  ${token}`;
  });
}

/** `antoan audit verify`: exit code 0 when intact, 1 when altered. */
export async function auditVerify(config: Config, onProgress: (checked: number) => void): Promise<{ ok: boolean; text: string }> {
  return withRuntime(config, 'audit verify', async (runtime) => {
    const result = await verifyAuditChain(runtime.database.db, onProgress);
    if (result.ok) return { ok: true, text: `audit chain intact: ${result.entries} entries, head #${result.headSeq}` };
    const problems = result.problems.map((p) => `  #${p.seq} ${p.kind}: ${p.message}`).join('\n');
    return { ok: false, text: `AUDIT CHAIN ALTERED: ${result.problems.length} problem(s) in ${result.entries} entries\n${problems}` };
  });
}

/** `antoan migrate` */
export async function migrateOnly(config: Config): Promise<string> {
  const runtime = await openRuntime(config, { command: 'migrate' });
  await runtime.close();
  return `migrations applied (${config.databaseUrl === null ? 'PGlite' : 'PostgreSQL'})`;
}
