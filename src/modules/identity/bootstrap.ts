import type { Database } from '../../core/db.ts';
import { createOrganization } from './organizations.ts';
import { createUser } from './members.ts';
import type { Context } from './model.ts';
import { countUsers } from './repository.ts';

export const DEFAULT_ADMIN_EMAIL = 'admin@antoan.local';

/** What the first start created, so the process can print it once. */
export type BootstrapResult = { email: string; password: string | null; generated: boolean } | null;

/**
 * On an empty database, create the national authority and its first admin.
 * The password comes from the environment or is generated and returned once;
 * the admin must change a generated one at first login and enrol two-factor.
 */
export async function bootstrapAdmin(database: Database, options: { email: string | null; password: string | null; now: Date }): Promise<BootstrapResult> {
  return database.transaction(async (tx) => {
    // Take the audit lock first so two processes starting together cannot both bootstrap.
    await tx.sql.executeSql('select pg_advisory_xact_lock(7241003)', [] as unknown[]);
    if ((await countUsers(tx.db)) > 0) return null;
    const ctx: Context = { actor: { type: 'system', label: 'bootstrap' }, requestId: null, now: options.now };
    const org = await createOrganization(tx.db, ctx, {
      slug: 'quoc-gia',
      name: 'Cơ quan chức năng quốc gia (National authority)',
      kind: 'authority',
      scope: 'national',
    });
    const email = options.email ?? DEFAULT_ADMIN_EMAIL;
    const { oneTimePassword } = await createUser(tx.db, ctx, {
      orgId: org.id,
      email,
      displayName: 'Quản trị viên',
      role: 'admin',
      password: options.password ?? undefined,
    });
    return { email, password: oneTimePassword, generated: oneTimePassword !== null };
  });
}
