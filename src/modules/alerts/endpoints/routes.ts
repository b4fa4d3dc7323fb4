// The webhook endpoints and delivery log of an organisation over the API.
import { bodyDefaultsToEmpty } from '../../../core/http/validation.ts';
import { Type } from 'typebox';
import type { AppInstance } from '../../../core/http/types.ts';
import { contextOf } from '../../identity/http.ts';
import type { AlertsDeps } from '../deps.ts';
import { ORG_EVENT_TYPES, type NotificationRow } from '../engine/model.ts';
import { addEndpoint, listEndpoints, listNotices, removeEndpoint, retryDeadLetter } from './service.ts';
import type { EndpointRow } from './repository.ts';

const Id = Type.String({ format: 'uuid' });
const OrgParams = Type.Object({ orgId: Id });
const OrgEndpointParams = Type.Object({ orgId: Id, endpointId: Id });
const OrgNoticeParams = Type.Object({ orgId: Id, noticeId: Id });
const EmptyBody = Type.Object({}, { additionalProperties: false });
const EventTypes = Type.Array(Type.Enum([...ORG_EVENT_TYPES]), { minItems: 1, maxItems: ORG_EVENT_TYPES.length, uniqueItems: true });

/** What an endpoint added without a choice takes: the takedown notices (what every endpoint took before event types). */
const DEFAULT_EVENT_TYPES = ['takedown.issued', 'takedown.reminder', 'takedown.restore'] as const;

const Endpoint = Type.Object({ id: Type.String(), url: Type.String(), eventTypes: Type.Array(Type.String()), createdAt: Type.String({ format: 'date-time' }) });
const Notice = Type.Object({
  id: Type.String(),
  /** The takedown request (or other subject) the notification is about. */
  requestId: Type.Unsafe<string | null>({ type: ['string', 'null'] }),
  event: Type.String(),
  channel: Type.String(),
  status: Type.String(),
  attempts: Type.Integer(),
  nextAttemptAt: Type.Unsafe<string | null>({ type: ['string', 'null'], format: 'date-time' }),
  lastStatus: Type.Unsafe<number | null>({ type: ['integer', 'null'] }),
  lastError: Type.Unsafe<string | null>({ type: ['string', 'null'] }),
  deliveredAt: Type.Unsafe<string | null>({ type: ['string', 'null'], format: 'date-time' }),
});

const presentEndpoint = (e: EndpointRow) => ({ id: e.id, url: e.url, eventTypes: e.eventTypes, createdAt: e.createdAt.toISOString() });
const presentNotice = (n: NotificationRow) => ({
  id: n.id,
  requestId: n.subjectId,
  event: n.template,
  channel: n.channel,
  status: n.status,
  attempts: n.attempts,
  nextAttemptAt: n.status === 'pending' ? n.nextAttemptAt.toISOString() : null,
  lastStatus: n.lastStatus,
  lastError: n.lastError,
  deliveredAt: n.deliveredAt?.toISOString() ?? null,
});

/** The webhook endpoint and delivery-log routes. */
export function registerEndpointRoutes(app: AppInstance, deps: AlertsDeps): void {
  const { database, clock } = deps;
  const tags = ['notifications'];

  app.get('/api/v1/orgs/:orgId/webhooks', { schema: { tags, summary: 'The organisation’s webhook endpoints (secrets are never shown again)', params: OrgParams, response: { 200: Type.Object({ items: Type.Array(Endpoint) }) } } }, async (request) => ({
    items: (await listEndpoints(database.db, contextOf(request, clock), request.params.orgId)).map(presentEndpoint),
  }));

  app.post(
    '/api/v1/orgs/:orgId/webhooks',
    {
      schema: {
        tags,
        summary: 'Add a webhook endpoint for some event types (default: the takedown ones): each is POSTed to it as {type, timestamp, data}, signed as Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature). The secret is in this answer only.',
        params: OrgParams,
        body: Type.Object({ url: Type.String({ minLength: 8, maxLength: 2000 }), eventTypes: Type.Optional(EventTypes) }, { additionalProperties: false }),
        response: { 201: Type.Object({ ...Endpoint.properties, secret: Type.String() }) },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request, clock);
      const { endpoint, secret } = await database.transaction((tx) => addEndpoint(tx.db, ctx, { box: deps.box, allowPrivate: deps.config.outboundAllowPrivate }, request.params.orgId, { url: request.body.url, eventTypes: request.body.eventTypes ?? DEFAULT_EVENT_TYPES }));
      return reply.status(201).send({ ...presentEndpoint(endpoint), secret });
    },
  );

  app.delete('/api/v1/orgs/:orgId/webhooks/:endpointId', { schema: { tags, summary: 'Remove a webhook endpoint', params: OrgEndpointParams } }, async (request, reply) => {
    const ctx = contextOf(request, clock);
    await database.transaction((tx) => removeEndpoint(tx.db, ctx, request.params.orgId, request.params.endpointId));
    return reply.status(204).send();
  });

  app.get(
    '/api/v1/orgs/:orgId/notices',
    {
      schema: {
        tags,
        summary: 'Notifications sent to the organisation (webhooks and email), newest first; status=failed lists the dead letters',
        params: OrgParams,
        querystring: Type.Object({ status: Type.Optional(Type.Enum(['pending', 'delivered', 'failed'])) }),
        response: { 200: Type.Object({ items: Type.Array(Notice) }) },
      },
    },
    async (request) => ({ items: (await listNotices(database.db, contextOf(request, clock), request.params.orgId, request.query.status ?? null)).map(presentNotice) }),
  );

  app.post('/api/v1/orgs/:orgId/notices/:noticeId/retry', { schema: { tags, summary: 'Send a dead letter again; no body, or {}', params: OrgNoticeParams, body: EmptyBody, response: { 200: Notice } }, preValidation: bodyDefaultsToEmpty }, async (request) => {
    const ctx = contextOf(request, clock);
    return presentNotice(await database.transaction((tx) => retryDeadLetter(tx.db, ctx, request.params.orgId, request.params.noticeId)));
  });
}
