// The takedown JSON API: the authority issues, follows and withdraws; the recipient lists (cursor),
// reads, acknowledges (one or many) and answers; platforms register the hosts they operate. Every
// route works with a session or an organisation's bearer token.
import { bodyDefaultsToEmpty } from '../../core/http/validation.ts';
import type { Clock } from '../../core/clock.ts';
import type { Config } from '../../core/config.ts';
import type { SecretBox } from '../../core/crypto.ts';
import type { FastifyRequest } from 'fastify';
import type { Database } from '../../core/db.ts';
import type { EvidenceStore } from '../../core/files/index.ts';
import { evidenceUploadsOf, jsonInMultipartField } from '../../core/http/uploads.ts';
import type { EventBus } from '../../core/events.ts';
import type { Notifier } from '../alerts/index.ts';
import { AppError } from '../../core/errors.ts';
import { withIdempotency } from '../../core/idempotency.ts';
import type { AppInstance } from '../../core/http/types.ts';
import { contextOf } from '../identity/http.ts';
import { auditOrg, effectiveMemberships, requireAccess, type Context } from '../identity/index.ts';
import { registerEvidenceRoute } from '../identity/evidence-route.ts';
import { REPORT_LIMITS, storeEvidence, type StoredEvidence } from '../reports/index.ts';
import { acknowledgeRequests, answerAndTell, withdrawRequest } from './answers.ts';
import { issueTakedown } from './issue.ts';
import { takedownEvidenceUrl, type TakedownStatus } from './model.ts';
import { presentEvent, presentRequest } from './present.ts';
import { listInbox, listIssued, readRequestEvidence, requestDetail } from './queries.ts';
import { addOperatedDomain, listOperatedDomains, removeOperatedDomain, suggestRecipients } from './recipients.ts';
import * as S from './schema.ts';
import { ownFigures } from './transparency.ts';

export type TakedownDeps = { database: Database; clock: Clock; box: SecretBox; events: EventBus; notifier: Notifier; evidence: EvidenceStore; config: Pick<Config, 'outboundAllowPrivate'> };

/** Files an authority may attach to a request: the report evidence limits (5 files of 10 MB), checked by the same code. */
export const REQUEST_UPLOADS = { maxFiles: REPORT_LIMITS.evidenceFiles, maxFileBytes: REPORT_LIMITS.evidenceBytes };

/** Store the evidence files of a request (API or form) before its transaction; they must come in the `evidence` field. */
export function storeRequestEvidence(deps: Pick<TakedownDeps, 'evidence'>, request: FastifyRequest): Promise<StoredEvidence[]> {
  return storeEvidence(deps.evidence, evidenceUploadsOf(request));
}

/** The organisation whose inbox a caller reads: the one asked for, else its first non-authority membership. */
export function inboxOrgOf(ctx: Context, asked: string | undefined): string {
  if (asked !== undefined) return asked;
  const own = effectiveMemberships(ctx.actor).find((m) => m.orgKind !== 'authority');
  if (own === undefined) throw new AppError(ctx.actor.type === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN');
  return own.orgId;
}

const statusesOf = (list: string | undefined) => (list === undefined ? undefined : (list.split(',') as TakedownStatus[]));

export function registerTakedownRoutes(app: AppInstance, deps: TakedownDeps): void {
  const { database, clock } = deps;
  const tags = ['takedowns'];

  app.post(
    '/api/v1/takedowns',
    {
      config: { uploads: REQUEST_UPLOADS },
      schema: {
        tags,
        summary: 'Issue a takedown or blocking request (authority staff): JSON, or multipart with a `request` JSON field and up to 5 `evidence` files. The deadline comes from the rule in force now. Honours Idempotency-Key.',
        body: S.IssueBody,
        response: { 201: S.Request },
      },
      preValidation: jsonInMultipartField('request'),
    },
    async (request, reply) => {
      const ctx = contextOf(request, clock);
      requireAccess(ctx.actor, 'takedown.issue');
      const key = request.headers['idempotency-key'];
      const evidence = await storeRequestEvidence(deps, request);
      const input = { ...request.body, urgent: request.body.urgent ?? false, evidence };
      // Keys belong to the issuing authority: the same key and body from anyone else must issue (or be
      // refused) on its own, never replay — and so reveal — another organisation's request.
      const scope = `takedowns:${auditOrg(ctx.actor) ?? 'none'}`;
      const result = await database.transaction((tx) =>
        withIdempotency(tx.db, { scope, key: typeof key === 'string' ? key : null, request: input, now: ctx.now }, async () => ({ status: 201, body: presentRequest(await issueTakedown(tx.db, ctx, input, deps.notifier)) })),
      );
      if (result.replayed) void reply.header('idempotent-replayed', 'true');
      return reply.status(201).send(result.body);
    },
  );

  app.get(
    '/api/v1/takedowns',
    { schema: { tags, summary: 'Requests issued by your authority (the national centre: all), newest first, with a cursor', querystring: S.IssuedQuery, response: { 200: S.RequestPage } } },
    async (request) => {
      const { status, ...query } = request.query;
      const page = await listIssued(database.db, contextOf(request, clock), { ...query, statuses: statusesOf(status) });
      return { items: page.items.map(presentRequest), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/api/v1/takedowns/inbox',
    { schema: { tags, summary: 'Your organisation’s requests, newest first, with a cursor; listing delivers new ones', querystring: S.InboxQuery, response: { 200: S.RequestPage } } },
    async (request) => {
      const ctx = contextOf(request, clock);
      const { status, orgId, ...query } = request.query;
      const page = await database.transaction((tx) => listInbox(tx.db, ctx, inboxOrgOf(ctx, orgId), { ...query, statuses: statusesOf(status) }));
      return { items: page.items.map(presentRequest), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/api/v1/takedowns/figures',
    { schema: { tags, summary: 'Your organisation’s own figures: requests, answered on time, median hours to action, declined', querystring: S.FiguresQuery, response: { 200: S.Figures } } },
    async (request) => {
      const ctx = contextOf(request, clock);
      const { orgId: _orgId, ...figures } = await ownFigures(database.db, ctx, inboxOrgOf(ctx, request.query.orgId));
      return figures;
    },
  );

  app.post(
    '/api/v1/takedowns/suggestions',
    { schema: { tags, summary: 'Who a request about these targets should go to: the platform that registered their host, or the telecoms for blocking', body: S.SuggestBody, response: { 200: S.Suggestions } } },
    async (request) => {
      return { items: await suggestRecipients(database.db, contextOf(request, clock), request.body.targets, request.body.action) };
    },
  );

  app.post(
    '/api/v1/takedowns/acknowledge',
    { schema: { tags, summary: 'Acknowledge several requests at once (all or none)', body: S.AcknowledgeBody, response: { 200: S.AcknowledgeResult } } },
    async (request) => {
      const ctx = contextOf(request, clock);
      const rows = await database.transaction((tx) => acknowledgeRequests(tx.db, ctx, request.body.ids));
      return { items: rows.map(presentRequest) };
    },
  );

  app.get('/api/v1/takedowns/:requestId', { schema: { tags, summary: 'One request and its history (either side)', params: S.RequestParams, response: { 200: S.RequestDetail } } }, async (request) => {
    const ctx = contextOf(request, clock);
    const detail = await database.transaction((tx) => requestDetail(tx.db, ctx, request.params.requestId));
    const ciphertext = detail.side === 'recipient' ? detail.request.complainantContactCiphertext : null;
    return {
      request: presentRequest(detail.request),
      complainantContact: ciphertext === null ? null : deps.box.decrypt(ciphertext),
      evidence: detail.evidence.map((e) => ({ id: e.id, contentType: e.contentType, size: e.size, fileName: e.fileName, url: takedownEvidenceUrl(e.id) })),
      history: detail.events.map(presentEvent),
    };
  });

  app.post('/api/v1/takedowns/:requestId/acknowledge', { schema: { tags, summary: 'Acknowledge a request; no body, or {}', params: S.RequestParams, body: S.EmptyBody, response: { 200: S.Request } }, preValidation: bodyDefaultsToEmpty }, async (request) => {
    const ctx = contextOf(request, clock);
    const [row] = await database.transaction((tx) => acknowledgeRequests(tx.db, ctx, [request.params.requestId]));
    if (row === undefined) throw new AppError('NOT_FOUND');
    return presentRequest(row);
  });

  app.post(
    '/api/v1/takedowns/:requestId/response',
    { schema: { tags, summary: 'Answer a request: actioned (with proof), partially actioned or declined (with the reason)', params: S.RequestParams, body: S.AnswerBody, response: { 200: S.Request } } },
    async (request) => {
      const ctx = contextOf(request, clock);
      const { actionedAt, ...answer } = request.body;
      const row = await database.transaction((tx) => answerAndTell(tx, ctx, request.params.requestId, { ...answer, actionedAt: actionedAt === undefined ? undefined : new Date(actionedAt) }, deps));
      return presentRequest(row);
    },
  );

  app.post(
    '/api/v1/takedowns/:requestId/withdraw',
    { schema: { tags, summary: 'Withdraw an open request (the issuing authority’s supervisors)', params: S.RequestParams, body: S.WithdrawBody, response: { 200: S.Request } } },
    async (request) => {
      const ctx = contextOf(request, clock);
      return presentRequest(await database.transaction((tx) => withdrawRequest(tx.db, ctx, request.params.requestId, request.body.reason)));
    },
  );

  registerEvidenceRoute(app, deps, {
    path: '/takedowns/evidence/:id',
    read: (db, ctx, id) => readRequestEvidence(db, ctx, deps.evidence, id),
    audit: (evidence) => ({ action: 'takedown_evidence.viewed', subjectType: 'takedown_evidence', summary: { requestId: evidence.requestId } }),
  });

  const presentDomain = (d: { id: string; domain: string; createdAt: Date }) => ({ id: d.id, domain: d.domain, createdAt: d.createdAt.toISOString() });

  app.get('/api/v1/orgs/:orgId/domains', { schema: { tags, summary: 'The hosts a platform says it operates', params: S.OrgParams, response: { 200: S.OperatedDomainList } } }, async (request) => {
    const rows = await listOperatedDomains(database.db, contextOf(request, clock), request.params.orgId);
    return { items: rows.map(presentDomain) };
  });

  app.post(
    '/api/v1/orgs/:orgId/domains',
    { schema: { tags, summary: 'Register a host the platform operates (covers its subdomains)', params: S.OrgParams, body: S.DomainBody, response: { 201: S.OperatedDomain } } },
    async (request, reply) => {
      const ctx = contextOf(request, clock);
      const added = await database.transaction((tx) => addOperatedDomain(tx.db, ctx, request.params.orgId, request.body.domain));
      return reply.status(201).send(presentDomain(added));
    },
  );

  app.delete('/api/v1/orgs/:orgId/domains/:domainId', { schema: { tags, summary: 'Remove a registered host', params: S.OrgDomainParams } }, async (request, reply) => {
    const ctx = contextOf(request, clock);
    await database.transaction((tx) => removeOperatedDomain(tx.db, ctx, request.params.orgId, request.params.domainId));
    return reply.status(204).send();
  });
}
