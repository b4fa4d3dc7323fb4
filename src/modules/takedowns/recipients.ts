// Who a request should go to. Platforms register the hosts they operate (`facebook.com` covers
// `m.facebook.com`); a request about content goes to the operator of the target's host, and a
// blocking request to the telecoms. The suggestion is advice to the analyst, who may choose another.
import type { Db } from '../../core/db.ts';
import { AppError, type ErrorDetail } from '../../core/errors.ts';
import { organizationById, organizationsByIds, recordAudit, requireAccess, type Context } from '../identity/index.ts';
import { parseTarget, TargetError, type SocialPlatform } from '../targets/index.ts';
import { normalizeTargets, type IssueInput } from './issue.ts';
import { BLOCKING_ACTIONS, type TakedownAction } from './model.ts';
import * as repo from './repository.ts';
import type { RequestTarget } from './tables.ts';

/** The host a social account lives on, for platforms that registered it. */
const SOCIAL_HOSTS: Record<SocialPlatform, string> = {
  facebook: 'facebook.com',
  zalo: 'zalo.me',
  tiktok: 'tiktok.com',
  youtube: 'youtube.com',
  telegram: 't.me',
  instagram: 'instagram.com',
  x: 'x.com',
};

/** The host of a target and each of its parents, most specific first (empty for a phone, an IP…). */
export function hostsOf(target: RequestTarget): string[] {
  let host: string | undefined;
  try {
    const parsed = parseTarget(target.value, target.type);
    host = parsed.type === 'social_account' && parsed.details.platform !== undefined ? SOCIAL_HOSTS[parsed.details.platform] : parsed.type === 'domain' ? parsed.value.replace(/^\*\./, '') : parsed.details.host;
  } catch (error) {
    if (!(error instanceof TargetError)) throw error;
  }
  if (host === undefined || host === '') return [];
  const labels = host.split('.');
  return labels.slice(0, -1).map((_, index) => labels.slice(index).join('.'));
}

export type Suggestion = { orgId: string; name: string; kind: string; targets: RequestTarget[] };

/**
 * The organisations a request about `targets` should go to, with the targets each one runs (in
 * normal form, their type detected when not given, as a request would carry them).
 */
export async function suggestRecipients(db: Db, ctx: Context, raw: IssueInput['targets'], action: TakedownAction): Promise<Suggestion[]> {
  requireAccess(ctx.actor, 'takedown.issue');
  const problems: ErrorDetail[] = [];
  const targets = normalizeTargets(raw, problems);
  if (problems.length > 0) throw new AppError('TAKEDOWN_INVALID', undefined, problems);
  if (BLOCKING_ACTIONS.includes(action)) {
    const telecoms = (await organizationsByIds(db, null)).filter((o) => o.kind === 'telecom' && o.status === 'active');
    return telecoms.map((o) => ({ orgId: o.id, name: o.name, kind: o.kind, targets: [...targets] }));
  }
  const byOrg = await operatorsOfTargets(db, targets);
  const orgs = await organizationsByIds(db, [...byOrg.keys()]);
  return orgs.filter((o) => o.status === 'active').map((o) => ({ orgId: o.id, name: o.name, kind: o.kind, targets: byOrg.get(o.id) ?? [] }));
}

/** The targets each registered operator runs (the most specific registered host wins). */
export async function operatorsOfTargets(db: Db, targets: readonly RequestTarget[]): Promise<Map<string, RequestTarget[]>> {
  const hosts = targets.map((t) => hostsOf(t));
  const operators = new Map((await repo.operatorsOf(db, [...new Set(hosts.flat())])).map((o) => [o.domain, o.orgId]));
  const byOrg = new Map<string, RequestTarget[]>();
  for (const [index, target] of targets.entries()) {
    const orgId = hosts[index]?.map((h) => operators.get(h)).find((id) => id !== undefined);
    if (orgId !== undefined) byOrg.set(orgId, [...(byOrg.get(orgId) ?? []), target]);
  }
  return byOrg;
}

/** The hosts an organisation says it operates. */
export async function listOperatedDomains(db: Db, ctx: Context, orgId: string): Promise<repo.OperatedDomainRow[]> {
  requireAccess(ctx.actor, 'org.read', orgId);
  return repo.operatedDomainsOf(db, orgId);
}

/** Register a host a platform operates: a domain name, not yet registered by anyone. */
export async function addOperatedDomain(tx: Db, ctx: Context, orgId: string, raw: string): Promise<repo.OperatedDomainRow> {
  requireAccess(ctx.actor, 'operated_domains.manage', orgId);
  const org = await organizationById(tx, orgId);
  if (org?.kind !== 'platform') throw new AppError('TAKEDOWN_INVALID', undefined, [{ field: 'orgId', message: 'only platforms register the hosts they operate' }]);
  const domain = operatedDomainOf(raw);
  // A host inside another organisation's domain, or one that would take in another's, is not
  // this platform's to claim: it would receive the other's requests and complaints.
  const overlapping = [...(await repo.operatorsOf(tx, hostsOf({ type: 'domain', value: domain }))), ...(await repo.operatedUnder(tx, domain))];
  if (overlapping.some((o) => o.orgId !== orgId)) throw new AppError('CONFLICT', 'This domain, a domain above it or one below it is registered by another organisation.');
  const added = await repo.insertOperatedDomain(tx, { orgId, domain, createdAt: ctx.now });
  if (added === null) throw new AppError('CONFLICT', 'This domain is already registered by an organisation.');
  await recordAudit(tx, ctx, { orgId, action: 'takedown.operated_domain_added', subjectType: 'operated_domain', subjectId: added.id, summary: { domain } });
  return added;
}

/** A domain as a platform registers it: normal form, no `*.` (a registration covers subdomains anyway). */
function operatedDomainOf(raw: string): string {
  try {
    const parsed = parseTarget(raw, 'domain');
    if (parsed.details.registrableDomain === null || parsed.details.registrableDomain === undefined) {
      throw new AppError('TARGET_INVALID', undefined, [{ field: 'domain', message: 'a domain someone can register, not a public suffix such as com.vn' }]);
    }
    if (parsed.details.wildcard !== true) return parsed.value;
  } catch (error) {
    if (!(error instanceof TargetError)) throw error;
    throw new AppError('TARGET_INVALID', undefined, [{ field: 'domain', message: error.reason }]);
  }
  throw new AppError('TARGET_INVALID', undefined, [{ field: 'domain', message: 'without *. — a registered domain covers its subdomains' }]);
}

export async function removeOperatedDomain(tx: Db, ctx: Context, orgId: string, id: string): Promise<void> {
  requireAccess(ctx.actor, 'operated_domains.manage', orgId);
  const removed = await repo.deleteOperatedDomain(tx, orgId, id);
  if (removed === null) throw new AppError('NOT_FOUND');
  await recordAudit(tx, ctx, { orgId, action: 'takedown.operated_domain_removed', subjectType: 'operated_domain', subjectId: id, summary: { domain: removed.domain } });
}
