// Which blocking list each telecom runs: telecoms report the serial they deployed, the national
// authority sees how far behind each one is — in changes, and in time since the list it runs
// stopped being current (the time of the first change after its serial).
import type { Db, Tx } from '../../../core/db.ts';
import { AppError } from '../../../core/errors.ts';
import { effectiveMemberships, listOrganizations, recordAudit, requireAccess, type Context } from '../../identity/index.ts';
import { currentSerial } from '../repository.ts';
import * as repo from './repository.ts';

/** Feeds a deployment can be reported for. */
export const DEPLOYABLE_FEEDS = ['rpz'] as const;
export type DeployableFeed = (typeof DEPLOYABLE_FEEDS)[number];

/** When the staff page flags a telecom: more changes behind than this, or behind for longer. */
export const LAG_ALERT = { serials: 1000, hours: 24 } as const;

export type Deployment = { id: number; orgId: string; feed: string; serial: number; reportedAt: Date; currentSerial: number };

// The organisation a report is for: the one named, else the caller's own telecom.
function reportingOrg(ctx: Context, named: string | undefined): string {
  if (named !== undefined) return named;
  const own = effectiveMemberships(ctx.actor).find((m) => m.orgKind === 'telecom');
  if (own !== undefined) return own.orgId;
  if (ctx.actor.type === 'anonymous') throw new AppError('UNAUTHENTICATED');
  throw new AppError('FORBIDDEN', 'Only a telecom organisation reports deployments.');
}

/** A telecom reports the serial of `feed` it has deployed (never one ahead of the current serial); audited. */
export async function reportDeployment(tx: Tx, ctx: Context, input: { orgId?: string; feed: DeployableFeed; serial: number }): Promise<Deployment> {
  const orgId = reportingOrg(ctx, input.orgId);
  requireAccess(ctx.actor, 'feed.report_deployment', orgId);
  const current = await currentSerial(tx.db);
  if (input.serial > current) {
    throw new AppError('SERIAL_AHEAD', `serial ${input.serial} is ahead of the current serial ${current}: report the x-antoan-serial of the list you loaded.`, [{ field: 'serial', message: `at most ${current}` }]);
  }
  const row = await repo.insertDeployment(tx.db, { orgId, feed: input.feed, serial: input.serial, reportedAt: ctx.now });
  await recordAudit(tx.db, ctx, { orgId, action: 'feed.deployment_reported', subjectType: 'feed_deployment', subjectId: String(row.id), summary: { feed: input.feed, serial: input.serial, currentSerial: current } });
  return { id: row.id, orgId, feed: row.feed, serial: row.serial, reportedAt: row.reportedAt, currentSerial: current };
}

export type TelecomLag = {
  orgId: string;
  slug: string;
  name: string;
  /** Null when the telecom never reported. */
  deployedSerial: number | null;
  reportedAt: Date | null;
  /** Changes since the deployed serial (all of them when it never reported). */
  lagSerials: number;
  /** When the deployed list stopped being current; null when it is current. */
  behindSince: Date | null;
  lagSeconds: number;
};

/** Every telecom organisation with the RPZ it runs and how far behind it is, worst first (national authority). */
export async function deploymentLag(db: Db, ctx: Context): Promise<{ currentSerial: number; telecoms: TelecomLag[] }> {
  requireAccess(ctx.actor, 'feed.deployments_read');
  // Authorised above; the organisation list is read as the system (a feeds:read token need not hold org:read).
  const orgs = (await listOrganizations(db, { actor: { type: 'system', label: 'feeds' }, requestId: ctx.requestId, now: ctx.now })).filter((org) => org.kind === 'telecom');
  const current = await currentSerial(db);
  const latest = new Map((await repo.latestDeployments(db, 'rpz')).map((row) => [row.orgId, row]));
  const staleSince = new Map<number, Date | null>();
  const telecoms: TelecomLag[] = [];
  for (const org of orgs) {
    const deployment = latest.get(org.id);
    const deployed = deployment?.serial ?? 0;
    const lagSerials = Math.max(0, current - deployed);
    if (lagSerials > 0 && !staleSince.has(deployed)) staleSince.set(deployed, await repo.firstChangeAfter(db, deployed));
    const behindSince = lagSerials > 0 ? (staleSince.get(deployed) ?? null) : null;
    telecoms.push({
      orgId: org.id,
      slug: org.slug,
      name: org.name,
      deployedSerial: deployment?.serial ?? null,
      reportedAt: deployment?.reportedAt ?? null,
      lagSerials,
      behindSince,
      lagSeconds: behindSince === null ? 0 : Math.max(0, Math.floor((ctx.now.getTime() - behindSince.getTime()) / 1000)),
    });
  }
  telecoms.sort((a, b) => b.lagSeconds - a.lagSeconds || b.lagSerials - a.lagSerials || a.name.localeCompare(b.name));
  return { currentSerial: current, telecoms };
}

/** True when the staff page should flag this telecom. */
export function isLagging(lag: TelecomLag, serialThreshold: number = LAG_ALERT.serials): boolean {
  return lag.lagSerials > serialThreshold || lag.lagSeconds > LAG_ALERT.hours * 3600;
}
