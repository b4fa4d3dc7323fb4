// The advisory JSON API. Readers (anyone; members see what is aimed at their organisation too) list
// and read published advisories; authority staff — by session or a token with `advisories:write` —
// create, edit, submit, return, approve and archive. Public reads are rate limited.
import type { FastifyRequest } from 'fastify';
import { bodyDefaultsToEmpty } from '../../../core/http/validation.ts';
import type { AppInstance } from '../../../core/http/types.ts';
import { contextOf } from '../../identity/http.ts';
import type { AlertsDeps } from '../deps.ts';
import type { AdvisoryContent } from './content.ts';
import { createAdvisory, editAdvisory } from './drafting.ts';
import { presentAdvisory, type PresentDeps } from './present.ts';
import { listManagedAdvisories, listPublishedAdvisories, managedAdvisory, readableAdvisory } from './queries.ts';
import type { AdvisoryEventRow, AdvisoryRow } from './repository.ts';
import * as S from './schema.ts';
import { approveAdvisory, archiveAdvisory, returnAdvisory, submitAdvisory } from './workflow.ts';

/** Public reads: as the transparency API allows. */
export const ADVISORY_RATE_LIMIT = { max: 300, timeWindow: 60_000 };

type Body = { title?: { vi: string; en: string }; body?: { vi: string; en: string }; severity?: string; categories?: string[]; indicatorIds?: string[]; caseIds?: string[]; campaignRefs?: string[]; audience?: string; audienceOrgKind?: string | null; audienceOrgId?: string | null };

/** A create body as content: what is left out is empty, public, unlinked. */
function contentOfBody(body: Body & Pick<AdvisoryContent, 'title' | 'body' | 'severity' | 'categories'>): AdvisoryContent {
  return { ...body, indicatorIds: body.indicatorIds ?? [], caseIds: body.caseIds ?? [], campaignRefs: body.campaignRefs ?? [], audience: body.audience ?? 'public', audienceOrgKind: body.audienceOrgKind ?? null, audienceOrgId: body.audienceOrgId ?? null };
}

/** Every advisory API route. */
export function registerAdvisoryRoutes(app: AppInstance, deps: AlertsDeps): void {
  const { database, clock, live, events } = deps;
  const tags = ['advisories'];
  /** What presenting these advisories needs; one query tells how their unlisted indicators left the list. */
  const presentingOf = async (rows: readonly AdvisoryRow[]): Promise<PresentDeps> => ({ publicUrl: deps.config.publicUrl, live, now: clock.now(), settled: await live.statusesOfMissing(database.db, rows.flatMap((row) => row.indicatorIds)) });
  const present = async (row: AdvisoryRow, history: readonly AdvisoryEventRow[] | null) => presentAdvisory(row, await presentingOf([row]), history);
  const presentAll = async (rows: readonly AdvisoryRow[], history: readonly AdvisoryEventRow[] | null) => {
    const presenting = await presentingOf(rows);
    return rows.map((row) => presentAdvisory(row, presenting, history));
  };
  /** A staff answer: the advisory with its history (read after the change committed). */
  const staffView = async (request: FastifyRequest, id: string) => {
    const { row, events: history } = await managedAdvisory(database.db, contextOf(request, clock), id);
    return present(row, history);
  };

  app.get(
    '/api/v1/advisories',
    { config: { rateLimit: ADVISORY_RATE_LIMIT }, schema: { tags, summary: 'Published advisories (cảnh báo), newest first: public ones, and for a logged-in member or token those aimed at its organisation or its kind. Filter by category, severity, since; cursor paging (limit ≤ 100).', querystring: S.ListQuery, response: { 200: S.AdvisoryPage } } },
    async (request) => {
      const { since, ...query } = request.query;
      const page = await listPublishedAdvisories(database.db, contextOf(request, clock), { ...query, since: since === undefined ? undefined : new Date(since) });
      return { items: await presentAll(page.items, null), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/api/v1/advisories/manage',
    { schema: { tags, summary: 'Your authority’s advisories in every status (the national centre: all), most recently changed first (authority staff)', querystring: S.ManageQuery, response: { 200: S.AdvisoryPage } } },
    async (request) => {
      const page = await listManagedAdvisories(database.db, contextOf(request, clock), request.query);
      return { items: await presentAll(page.items, []), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/api/v1/advisories/:advisoryId',
    { config: { rateLimit: ADVISORY_RATE_LIMIT }, schema: { tags, summary: 'One advisory: a published one you may read, or (staff) one of your authority’s with its history', params: S.AdvisoryParams, response: { 200: S.Advisory } } },
    async (request) => {
      const found = await readableAdvisory(database.db, contextOf(request, clock), request.params.advisoryId);
      return present(found.row, found.staff ? found.events : null);
    },
  );

  app.post(
    '/api/v1/advisories',
    { schema: { tags, summary: 'Create a draft advisory (authority analysts, supervisors, admins); linked indicators must be listed now and cases visible to you', body: S.CreateBody, response: { 201: S.Advisory } } },
    async (request, reply) => {
      const ctx = contextOf(request, clock);
      const row = await database.transaction((tx) => createAdvisory(tx.db, ctx, contentOfBody(request.body), { live }));
      return reply.status(201).send(await staffView(request, row.id));
    },
  );

  app.post(
    '/api/v1/advisories/:advisoryId',
    { schema: { tags, summary: 'Edit a draft (POST, partial: only the fields given change; a new audience clears the other audiences’ organisation kind or id)', params: S.AdvisoryParams, body: S.EditBody, response: { 200: S.Advisory } } },
    async (request) => {
      const ctx = contextOf(request, clock);
      await database.transaction((tx) => editAdvisory(tx.db, ctx, request.params.advisoryId, request.body, { live }));
      return staffView(request, request.params.advisoryId);
    },
  );

  const action = (path: string, summary: string, run: (request: FastifyRequest<{ Params: { advisoryId: string } }>) => Promise<unknown>) =>
    app.post(`/api/v1/advisories/:advisoryId/${path}`, { schema: { tags, summary, params: S.AdvisoryParams, body: S.EmptyBody, response: { 200: S.Advisory } }, preValidation: bodyDefaultsToEmpty }, async (request) => {
      await run(request);
      return staffView(request, request.params.advisoryId);
    });

  action('submit', 'Send a draft for review; no body, or {}', (request) => database.transaction((tx) => submitAdvisory(tx.db, contextOf(request, clock), request.params.advisoryId)));
  action('approve', 'Approve and publish an advisory in review (a supervisor or admin who is not its author, logged in: tokens cannot approve); announces advisory.published', (request) =>
    database.transaction((tx) => approveAdvisory(tx, contextOf(request, clock), request.params.advisoryId, events)),
  );
  action('archive', 'Archive a published advisory (supervisors, admins): it leaves the lists, the API and the feed', (request) => database.transaction((tx) => archiveAdvisory(tx.db, contextOf(request, clock), request.params.advisoryId)));

  app.post(
    '/api/v1/advisories/:advisoryId/return',
    { schema: { tags, summary: 'Return an advisory in review to draft with a note saying what to change (supervisors, admins)', params: S.AdvisoryParams, body: S.ReturnBody, response: { 200: S.Advisory } } },
    async (request) => {
      await database.transaction((tx) => returnAdvisory(tx.db, contextOf(request, clock), request.params.advisoryId, request.body.note));
      return staffView(request, request.params.advisoryId);
    },
  );
}
