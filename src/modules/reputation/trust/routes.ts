// The trust registry (issue 4 §6): applications, review, directory, badges, and naming the
// organisation a listing impersonates. Thin routes: each calls one use case.
import type { AppInstance } from '../../../core/http/types.ts';
import { contextOf } from '../../identity/http.ts';
import { apiLocale, type ReputationDeps } from '../routes.ts';
import { prepareApplication, submitApplication } from './applications.ts';
import { decideApplication } from './decisions.ts';
import { createListedEntity, listDirectory, publicEntity } from './directory.ts';
import { setImpersonation } from './impersonation.ts';
import { t } from './messages.ts';
import { applicationRateLimit } from './model.ts';
import { registerTrustPages } from './pages/index.tsx';
import { presentDetail, presentPublic, presentSummary } from './present.ts';
import { getApplication, listApplications, readContact, recordFinding } from './review.ts';
import * as S from './schema.ts';

/** The trust registry's JSON API, then its pages. */
export function registerTrustRoutes(app: AppInstance, deps: ReputationDeps): void {
  const { database, clock, box, live, config } = deps;
  const tags = ['trust'];

  app.post(
    '/api/v1/trust/applications',
    {
      config: { rateLimit: applicationRateLimit(config) },
      schema: { tags, summary: 'Apply for a network trust badge (public)', body: S.ApplicationBody, response: { 201: S.ApplicationCreated } },
    },
    async (request, reply) => {
      const { lang, ...input } = request.body;
      const prepared = prepareApplication(input);
      const created = await database.transaction((tx) => submitApplication(tx, contextOf(request, clock), prepared, { box }));
      return reply.status(201).send({ ...created, reference: created.id, next: t(apiLocale(request, lang), 'nextApi') });
    },
  );

  app.get(
    '/api/v1/trust/applications',
    { schema: { tags, summary: 'The review queue (national authority staff)', querystring: S.QueueQuery, response: { 200: S.ApplicationList } } },
    async (request) => {
      const { status = 'open', limit = 50, offset = 0 } = request.query;
      const { items, total } = await listApplications(database.db, contextOf(request, clock), status, { limit, offset });
      return { total, items: items.map(presentSummary) };
    },
  );

  app.get(
    '/api/v1/trust/applications/:id',
    { schema: { tags, summary: 'One application: statements, findings and automatic hints', params: S.IdParams, response: { 200: S.ApplicationDetail } } },
    async (request) => presentDetail(await getApplication(database.db, contextOf(request, clock), request.params.id, { live })),
  );

  app.get(
    '/api/v1/trust/applications/:id/contact',
    { schema: { tags, summary: 'The applicant’s contact email (each reading is audited)', params: S.IdParams, response: { 200: S.ContactView } } },
    async (request) => ({ contact: await database.transaction((tx) => readContact(tx, contextOf(request, clock), request.params.id, { box })) }),
  );

  app.post(
    '/api/v1/trust/applications/:id/criteria/:criterion',
    { schema: { tags, summary: 'Record a finding (met / not met, with a note) on one criterion', params: S.CriterionParams, body: S.FindingBody, response: { 200: S.ApplicationDetail } } },
    async (request) => {
      const { id, criterion } = request.params;
      const detail = await database.transaction((tx) => recordFinding(tx, contextOf(request, clock), id, criterion, { finding: request.body.finding, note: request.body.note ?? null }, { live }));
      return presentDetail(detail);
    },
  );

  app.post(
    '/api/v1/trust/applications/:id/decision',
    {
      schema: {
        tags,
        summary: 'Approve (every criterion met: a badge and trusted listings), reject or revoke, with a reason',
        params: S.IdParams,
        body: S.DecisionBody,
        response: { 200: S.ApplicationSummary },
      },
    },
    async (request) => {
      const result = await database.transaction((tx) => decideApplication(tx, contextOf(request, clock), request.params.id, { decision: request.body.decision, reason: request.body.reason ?? null }));
      await live.catchUp(database.db);
      return presentSummary(result);
    },
  );

  app.post(
    '/api/v1/trust/entities',
    { schema: { tags, summary: 'Enter a well-known organisation in the directory without a badge (status listed)', body: S.ListedEntityBody, response: { 201: S.PublicEntity } } },
    async (request, reply) => {
      const entity = await database.transaction((tx) => createListedEntity(tx, contextOf(request, clock), request.body));
      return reply.status(201).send(presentPublic(entity, config.publicUrl));
    },
  );

  app.get(
    '/api/v1/trust/entities',
    { config: { rateLimit: { max: 120, timeWindow: 60_000 } }, schema: { tags, summary: 'The trust directory (approved and listed organisations)', querystring: S.DirectoryQuery, response: { 200: S.Directory } } },
    async (request) => {
      const { q, limit = 50, offset = 0 } = request.query;
      const { items, total } = await listDirectory(database.db, q, { limit, offset });
      return { total, items: items.map((e) => presentPublic(e, config.publicUrl)) };
    },
  );

  app.get(
    '/api/v1/trust/entities/:slug',
    { config: { rateLimit: { max: 120, timeWindow: 60_000 } }, schema: { tags, summary: 'One organisation of the directory (also revoked badges)', params: S.SlugParams, response: { 200: S.PublicEntity } } },
    async (request) => presentPublic(await publicEntity(database.db, request.params.slug), config.publicUrl),
  );

  app.post(
    '/api/v1/indicators/:id/impersonates',
    { schema: { tags: ['reputation'], summary: 'Name (or clear) the organisation a dangerous listing impersonates', params: S.IdParams, body: S.ImpersonatesBody, response: { 200: S.ImpersonationView } } },
    async (request) => {
      const result = await database.transaction((tx) => setImpersonation(tx, contextOf(request, clock), request.params.id, request.body.entity));
      await live.catchUp(database.db);
      const i = result.indicator;
      return { id: i.id, type: i.type, value: i.value, verdict: i.verdict, status: i.status, serial: i.serial, changed: result.changed, impersonates: result.impersonates };
    },
  );

  registerTrustPages(app, deps);
}
