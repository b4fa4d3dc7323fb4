// An organisation's webhook endpoints and its delivery log: admins add endpoints for the event types
// they want (the secret is shown once, when made) and remove them, members read the notifications
// sent to the organisation, and admins send a dead letter again.
import type { SecretBox } from '../../../core/crypto.ts';
import type { Db } from '../../../core/db.ts';
import { AppError } from '../../../core/errors.ts';
import { recordAudit, requireAccess, type Context } from '../../identity/index.ts';
import type { NotificationRow, OrgEventType } from '../engine/model.ts';
import * as notices from '../engine/repository.ts';
import { newWebhookSecret, webhookUrlProblem } from '../engine/webhook.ts';
import * as repo from './repository.ts';

/** At most this many endpoints per organisation. */
const MAX_ENDPOINTS = 5;

export async function listEndpoints(db: Db, ctx: Context, orgId: string): Promise<repo.EndpointRow[]> {
  requireAccess(ctx.actor, 'token.manage', orgId);
  return repo.activeEndpoints(db, orgId);
}

/** Add an endpoint; the answer carries its secret, which is never shown again. */
export async function addEndpoint(
  tx: Db,
  ctx: Context,
  deps: { box: SecretBox; allowPrivate: boolean },
  orgId: string,
  input: { url: string; eventTypes: readonly OrgEventType[] },
): Promise<{ endpoint: repo.EndpointRow; secret: string }> {
  requireAccess(ctx.actor, 'token.manage', orgId);
  const problem = webhookUrlProblem(input.url, deps.allowPrivate);
  if (problem !== null) throw new AppError('VALIDATION_FAILED', undefined, [{ field: 'url', message: problem }]);
  if ((await repo.activeEndpoints(tx, orgId)).length >= MAX_ENDPOINTS) throw new AppError('CONFLICT', `At most ${MAX_ENDPOINTS} webhook endpoints per organisation.`);
  const secret = newWebhookSecret();
  const endpoint = await repo.insertEndpoint(tx, { orgId, url: input.url, secretCiphertext: deps.box.encrypt(secret), eventTypes: [...new Set(input.eventTypes)], createdAt: ctx.now, disabledAt: null });
  await recordAudit(tx, ctx, { orgId, action: 'webhook.add', subjectType: 'webhook_endpoint', subjectId: endpoint.id, summary: { url: input.url, eventTypes: endpoint.eventTypes } });
  return { endpoint, secret };
}

export async function removeEndpoint(tx: Db, ctx: Context, orgId: string, id: string): Promise<void> {
  requireAccess(ctx.actor, 'token.manage', orgId);
  const removed = await repo.disableEndpoint(tx, orgId, id, ctx.now);
  if (removed === null) throw new AppError('NOT_FOUND');
  await recordAudit(tx, ctx, { orgId, action: 'webhook.remove', subjectType: 'webhook_endpoint', subjectId: id, summary: { url: removed.url } });
}

/** The notifications sent to the organisation (webhooks and email), newest first; `failed` ones are its dead letters. */
export async function listNotices(db: Db, ctx: Context, orgId: string, status: string | null): Promise<NotificationRow[]> {
  requireAccess(ctx.actor, 'takedown.receive', orgId);
  return notices.listNotifications(db, { orgId, status }, null, 200);
}

/** Send a dead letter again, with the rest of its message (the organisation's admin, after fixing its endpoint). */
export async function retryDeadLetter(tx: Db, ctx: Context, orgId: string, id: string): Promise<NotificationRow> {
  requireAccess(ctx.actor, 'token.manage', orgId);
  const notice = await notices.findNotification(tx, id);
  if (notice === null || notice.orgId !== orgId || notice.status !== 'failed') throw new AppError('NOT_FOUND');
  const siblings = notice.messageId === null ? [notice] : (await notices.rowsOfMessage(tx, notice.messageId)).filter((r) => r.orgId === orgId);
  const [retried] = (await notices.requeueFailed(tx, siblings.map((r) => r.id), ctx.now)).filter((r) => r.id === id);
  if (retried === undefined) throw new AppError('NOT_FOUND');
  await recordAudit(tx, ctx, { orgId, action: 'webhook.retry', subjectType: 'notification', subjectId: id, summary: { template: notice.template, subjectId: notice.subjectId } });
  return retried;
}
