// The webhook endpoints and delivery log of an organisation over the API.
import { bodyDefaultsToEmpty } from '../../core/http/validation.ts';
import { Type } from 'typebox';
import type { AppInstance } from '../../core/http/types.ts';
import { contextOf } from '../identity/http.ts';
import { addEndpoint, listEndpoints, listNotices, removeEndpoint, retryDeadLetter } from './endpoints.ts';
import type { EndpointRow, NoticeRow } from './repository.ts';
import type { TakedownDeps } from './routes.ts';
import * as S from './schema.ts';

const Endpoint = Type.Object({ id: Type.String(), url: Type.String(), createdAt: Type.String({ format: 'date-time' }) });
const Notice = Type.Object({
  id: Type.String(),
  requestId: Type.String(),
  event: Type.String(),
  channel: Type.String(),
  status: Type.String(),
  attempts: Type.Integer(),
  nextAttemptAt: Type.Unsafe<string | null>({ type: ['string', 'null'], format: 'date-time' }),
  lastStatus: Type.Unsafe<number | null>({ type: ['integer', 'null'] }),
  lastError: Type.Unsafe<string | null>({ type: ['string', 'null'] }),
  deliveredAt: Type.Unsafe<string | null>({ type: ['string', 'null'], format: 'date-time' }),
});

const presentEndpoint = (e: EndpointRow) => ({ id: e.id, url: e.url, createdAt: e.createdAt.toISOString() });
const presentNotice = (n: NoticeRow) => ({
  id: n.id,
  requestId: n.requestId,
  event: n.event,
  channel: n.channel,
  status: n.status,
  attempts: n.attempts,
  nextAttemptAt: n.status === 'pending' ? n.nextAttemptAt.toISOString() : null,
  lastStatus: n.lastStatus,
  lastError: n.lastError,
  deliveredAt: n.deliveredAt?.toISOString() ?? null,
});

export function registerEndpointRoutes(app: AppInstance, deps: TakedownDeps): void {
  const { database, clock } = deps;
  const tags = ['takedowns'];

  app.get('/api/v1/orgs/:orgId/webhooks', { schema: { tags, summary: 'The organisation’s webhook endpoints (secrets are never shown again)', params: S.OrgParams, response: { 200: Type.Object({ items: Type.Array(Endpoint) }) } } }, async (request) => ({
    items: (await listEndpoints(database.db, contextOf(request, clock), request.params.orgId)).map(presentEndpoint),
  }));

  app.post(
    '/api/v1/orgs/:orgId/webhooks',
    {
      schema: {
        tags,
        summary: 'Add a webhook endpoint: new requests are POSTed to it, signed as Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature). The secret is in this answer only.',
        params: S.OrgParams,
        body: Type.Object({ url: Type.String({ minLength: 8, maxLength: 2000 }) }, { additionalProperties: false }),
        response: { 201: Type.Object({ ...Endpoint.properties, secret: Type.String() }) },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request, clock);
      const { endpoint, secret } = await database.transaction((tx) => addEndpoint(tx.db, ctx, { box: deps.box, allowPrivate: deps.config.outboundAllowPrivate }, request.params.orgId, request.body.url));
      return reply.status(201).send({ ...presentEndpoint(endpoint), secret });
    },
  );

  app.delete('/api/v1/orgs/:orgId/webhooks/:endpointId', { schema: { tags, summary: 'Remove a webhook endpoint', params: S.OrgEndpointParams } }, async (request, reply) => {
    const ctx = contextOf(request, clock);
    await database.transaction((tx) => removeEndpoint(tx.db, ctx, request.params.orgId, request.params.endpointId));
    return reply.status(204).send();
  });

  app.get(
    '/api/v1/orgs/:orgId/notices',
    {
      schema: {
        tags,
        summary: 'Notices sent to the organisation (webhooks and email), newest first; status=failed lists the dead letters',
        params: S.OrgParams,
        querystring: Type.Object({ status: Type.Optional(Type.Enum(['pending', 'delivered', 'failed'])) }),
        response: { 200: Type.Object({ items: Type.Array(Notice) }) },
      },
    },
    async (request) => ({ items: (await listNotices(database.db, contextOf(request, clock), request.params.orgId, request.query.status ?? null)).map(presentNotice) }),
  );

  app.post('/api/v1/orgs/:orgId/notices/:noticeId/retry', { schema: { tags, summary: 'Send a dead letter again; no body, or {}', params: S.OrgNoticeParams, body: S.EmptyBody, response: { 200: Notice } }, preValidation: bodyDefaultsToEmpty }, async (request) => {
    const ctx = contextOf(request, clock);
    return presentNotice(await database.transaction((tx) => retryDeadLetter(tx.db, ctx, request.params.orgId, request.params.noticeId)));
  });
}
