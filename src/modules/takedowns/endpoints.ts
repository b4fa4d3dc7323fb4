// An organisation's webhook endpoints and its delivery log: admins add and remove endpoints (the
// secret is shown once, when made), read the notices sent to them, and send a dead letter again.
import type { SecretBox } from '../../core/crypto.ts';
import type { Db } from '../../core/db.ts';
import { AppError } from '../../core/errors.ts';
import { recordAudit, requireAccess, type Context } from '../identity/index.ts';
import * as repo from './repository.ts';
import { newWebhookSecret, webhookUrlProblem } from './webhooks.ts';

/** At most this many endpoints per organisation. */
const MAX_ENDPOINTS = 5;

export async function listEndpoints(db: Db, ctx: Context, orgId: string): Promise<repo.EndpointRow[]> {
  requireAccess(ctx.actor, 'token.manage', orgId);
  return repo.activeEndpoints(db, orgId);
}

/** Add an endpoint; the answer carries its secret, which is never shown again. */
export async function addEndpoint(tx: Db, ctx: Context, deps: { box: SecretBox; allowPrivate: boolean }, orgId: string, url: string): Promise<{ endpoint: repo.EndpointRow; secret: string }> {
  requireAccess(ctx.actor, 'token.manage', orgId);
  const problem = webhookUrlProblem(url, deps.allowPrivate);
  if (problem !== null) throw new AppError('VALIDATION_FAILED', undefined, [{ field: 'url', message: problem }]);
  if ((await repo.activeEndpoints(tx, orgId)).length >= MAX_ENDPOINTS) throw new AppError('CONFLICT', `At most ${MAX_ENDPOINTS} webhook endpoints per organisation.`);
  const secret = newWebhookSecret();
  const endpoint = await repo.insertEndpoint(tx, { orgId, url, secretCiphertext: deps.box.encrypt(secret), createdAt: ctx.now, disabledAt: null });
  await recordAudit(tx, ctx, { orgId, action: 'webhook.add', subjectType: 'webhook_endpoint', subjectId: endpoint.id, summary: { url } });
  return { endpoint, secret };
}

export async function removeEndpoint(tx: Db, ctx: Context, orgId: string, id: string): Promise<void> {
  requireAccess(ctx.actor, 'token.manage', orgId);
  const removed = await repo.disableEndpoint(tx, orgId, id, ctx.now);
  if (removed === null) throw new AppError('NOT_FOUND');
  await recordAudit(tx, ctx, { orgId, action: 'webhook.remove', subjectType: 'webhook_endpoint', subjectId: id, summary: { url: removed.url } });
}

/** The organisation's notices, newest first; `failed` ones are its dead letters. */
export async function listNotices(db: Db, ctx: Context, orgId: string, status: string | null): Promise<repo.NoticeRow[]> {
  requireAccess(ctx.actor, 'takedown.receive', orgId);
  return repo.noticesOf(db, orgId, status, 200);
}

/** Send a dead letter again (the organisation's admin, after fixing its endpoint). */
export async function retryDeadLetter(tx: Db, ctx: Context, orgId: string, id: string): Promise<repo.NoticeRow> {
  requireAccess(ctx.actor, 'token.manage', orgId);
  const notice = await repo.retryNotice(tx, orgId, id, ctx.now);
  if (notice === null) throw new AppError('NOT_FOUND');
  await recordAudit(tx, ctx, { orgId, action: 'webhook.retry', subjectType: 'takedown_notice', subjectId: id, summary: { requestId: notice.requestId } });
  return notice;
}
