// TAXII 2.1 at /taxii2/: discovery, one API root, one read-only collection of indicators with its
// objects, manifest, single objects and versions. Open (TLP:CLEAR; a token is accepted but not
// needed) and rate limited. Everything under /taxii2/ answers in the TAXII media type, errors
// as the TAXII error message resource.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Static } from 'typebox';
import { AppError, ERROR_CATALOGUE } from '../../../core/errors.ts';
import { normalizeError } from '../../../core/http/errors.ts';
import type { AppInstance } from '../../../core/http/types.ts';
import { lookupRateLimit, type ReputationDeps } from '../routes.ts';
import { collectionPage, decodeCursor, DEFAULT_PAGE, encodeCursor, MAX_MATCH_IDS, MAX_PAGE, objectById, type CollectionQuery, type Entry, type Page } from './collection.ts';
import { COLLECTION_ALIAS, COLLECTION_ID } from './ids.ts';
import { formatMicros, type ChangeLedger } from './ledger.ts';
import { acceptsTaxii, listOf, parseTimestamp, TAXII_MEDIA_TYPE, TaxiiProblem, type TaxiiErrorBody } from './negotiation.ts';
import * as S from './schema.ts';
import { STIX_MEDIA_TYPE } from './stix.ts';

const TAGS = ['taxii'];
const COLLECTION_TITLE = 'antoan indicators (Tín nhiệm mạng)';
const COLLECTION_DESCRIPTION =
  'Chỉ báo nguy hiểm và đáng ngờ đã xác minh (STIX 2.1, TLP:CLEAR); chỉ báo bị thu hồi có revoked, hết hạn có valid_until. / Verified dangerous and suspicious indicators (STIX 2.1, TLP:CLEAR); revoked ones carry revoked, expired ones valid_until.';

type ListQuery = Static<typeof S.TaxiiListQuery>;

function requireCollection(id: string): void {
  if (id !== COLLECTION_ID && id !== COLLECTION_ALIAS) throw new TaxiiProblem(404, 'Collection not found', 'This API root has one collection: antoan-indicators.');
}

/** The collection query of a request's URL parameters, or a 400 problem. */
function collectionQuery(query: ListQuery): CollectionQuery {
  const after = query.next === undefined ? null : decodeCursor(query.next);
  if (query.next !== undefined && after === null) throw new TaxiiProblem(400, 'Invalid next', 'next must be the value a previous page gave.');
  const ids = listOf(query['match[id]']);
  if (ids !== null && ids.length > MAX_MATCH_IDS) throw new TaxiiProblem(400, 'Too many ids', `match[id] takes at most ${MAX_MATCH_IDS} ids.`);
  const types = listOf(query['match[type]']);
  return {
    after,
    addedAfter: query.added_after === undefined ? null : parseTimestamp(query.added_after, 'added_after'),
    types: types === null ? null : new Set(types),
    ids: ids === null ? null : new Set(ids),
    versions: listOf(query['match[version]']) ?? [],
    specVersions: listOf(query['match[spec_version]']),
    limit: Math.min(query.limit ?? DEFAULT_PAGE, MAX_PAGE),
  };
}

/**
 * Answer in exactly the TAXII media type. The body is serialised here and sent as bytes: Fastify
 * rewrites the content type of JSON it sends (`; version="2.1"; charset=utf-8`), and TAXII clients
 * compare it. The bodies are built by the presenters below from our own objects, never from rows.
 */
function sendTaxii(reply: FastifyReply, body: unknown): FastifyReply {
  return reply.header('content-type', TAXII_MEDIA_TYPE).send(Buffer.from(JSON.stringify(body), 'utf8'));
}

/** X-TAXII-Date-Added-First/Last: when the first and last objects of the answer were added. */
function dateHeaders(reply: FastifyReply, entries: readonly Entry[]): void {
  const first = entries[0];
  const last = entries.at(-1);
  if (first === undefined || last === undefined) return;
  reply.header('x-taxii-date-added-first', formatMicros(first.dateAdded));
  reply.header('x-taxii-date-added-last', formatMicros(last.dateAdded));
}

function envelopeOf(page: Page) {
  return {
    more: page.more,
    ...(page.next === null ? {} : { next: encodeCursor(page.next) }),
    ...(page.entries.length === 0 ? {} : { objects: page.entries.map((entry) => entry.object) }),
  };
}

function manifestOf(page: Page) {
  return {
    more: page.more,
    ...(page.next === null ? {} : { next: encodeCursor(page.next) }),
    ...(page.entries.length === 0
      ? {}
      : { objects: page.entries.map((entry) => ({ id: entry.object.id, date_added: formatMicros(entry.dateAdded), version: entry.version, media_type: STIX_MEDIA_TYPE })) }),
  };
}

/** Any error on a TAXII path as the TAXII error message resource. */
function taxiiError(error: Error, request: FastifyRequest): { status: number; body: TaxiiErrorBody } {
  if (error instanceof TaxiiProblem) {
    return { status: error.status, body: { title: error.title, description: error.description, error_id: request.id, error_code: `TAXII_${error.status}`, http_status: String(error.status) } };
  }
  const known = normalizeError(error);
  const appError = known instanceof AppError ? known : new AppError('INTERNAL');
  const description = appError.details.length === 0 ? appError.message : `${appError.message} ${appError.details.map((d) => [d.field, d.message].filter(Boolean).join(': ')).join('; ')}`;
  return {
    status: appError.status,
    body: { title: ERROR_CATALOGUE[appError.code].message, description, error_id: request.id, error_code: appError.code, http_status: String(appError.status) },
  };
}

/** Register /taxii2/… in its own scope: its own Accept check, error and not-found answers. */
export function registerTaxiiRoutes(app: AppInstance, deps: ReputationDeps, ledger: ChangeLedger): void {
  const { database, config } = deps;
  const rateLimit = lookupRateLimit(config);
  const apiRoot = `${config.publicUrl}/taxii2/api/`;
  const collection = { id: COLLECTION_ID, title: COLLECTION_TITLE, description: COLLECTION_DESCRIPTION, alias: COLLECTION_ALIAS, can_read: true, can_write: false, media_types: [STIX_MEDIA_TYPE] };

  void app.register(
    async (instance) => {
      const scope = instance.withTypeProvider<TypeBoxTypeProvider>();
      scope.setErrorHandler((error: Error, request, reply) => {
        const { status, body } = taxiiError(error, request);
        if (status >= 500) request.log.error({ err: error }, 'request failed');
        else request.log.info({ code: body.error_code, status }, 'request refused');
        return sendTaxii(reply.status(status), body);
      });
      scope.setNotFoundHandler((request, reply) => {
        const { status, body } = taxiiError(new TaxiiProblem(404, 'Not found', 'No TAXII resource at this address.'), request);
        return sendTaxii(reply.status(status), body);
      });
      scope.addHook('onRequest', async (request) => {
        if (!acceptsTaxii(request.headers.accept)) throw new TaxiiProblem(406, 'Not acceptable', `This server answers ${TAXII_MEDIA_TYPE}.`);
      });
      const routeConfig = { config: { rateLimit } };

      scope.get('/', { ...routeConfig, schema: { tags: TAGS, summary: 'TAXII discovery: the API roots', response: { 200: S.Discovery } } }, async (_request, reply) => {
        return sendTaxii(reply, {
          title: 'antoan TAXII 2.1',
          description: 'Tín nhiệm mạng Việt Nam: chỉ báo lừa đảo và độc hại đã xác minh. / Vietnam network trust: verified fraud and malicious indicators.',
          default: apiRoot,
          api_roots: [apiRoot],
        });
      });

      scope.get('/api/', { ...routeConfig, schema: { tags: TAGS, summary: 'TAXII API root', response: { 200: S.ApiRoot } } }, async (_request, reply) => {
        return sendTaxii(reply, { title: 'antoan', description: COLLECTION_DESCRIPTION, versions: [TAXII_MEDIA_TYPE], max_content_length: config.bodyLimitBytes });
      });

      scope.get('/api/collections/', { ...routeConfig, schema: { tags: TAGS, summary: 'TAXII collections (one: antoan-indicators)', response: { 200: S.Collections } } }, async (_request, reply) => {
        return sendTaxii(reply, { collections: [collection] });
      });

      scope.get('/api/collections/:collection/', { ...routeConfig, schema: { tags: TAGS, summary: 'A TAXII collection', params: S.CollectionParams, response: { 200: S.Collection } } }, async (request, reply) => {
        requireCollection(request.params.collection);
        return sendTaxii(reply, collection);
      });

      scope.get(
        '/api/collections/:collection/objects/',
        { ...routeConfig, schema: { tags: TAGS, summary: 'Objects of the collection, a page at a time (added_after, limit, next, match[type|id|version|spec_version])', params: S.CollectionParams, querystring: S.TaxiiListQuery, response: { 200: S.Envelope } } },
        async (request, reply) => {
          requireCollection(request.params.collection);
          const page = await collectionPage(database.db, ledger, collectionQuery(request.query));
          dateHeaders(reply, page.entries);
          return sendTaxii(reply, envelopeOf(page));
        },
      );

      scope.get(
        '/api/collections/:collection/manifest/',
        { ...routeConfig, schema: { tags: TAGS, summary: 'Manifest of the collection: id, date added, version and media type of each object', params: S.CollectionParams, querystring: S.TaxiiListQuery, response: { 200: S.Manifest } } },
        async (request, reply) => {
          requireCollection(request.params.collection);
          const page = await collectionPage(database.db, ledger, collectionQuery(request.query));
          dateHeaders(reply, page.entries);
          return sendTaxii(reply, manifestOf(page));
        },
      );

      const findObject = async (collectionId: string, objectId: string, query: ListQuery) => {
        requireCollection(collectionId);
        const { addedAfter, versions, specVersions } = collectionQuery(query);
        const found = await objectById(database.db, ledger, objectId, { addedAfter, versions, specVersions });
        if (!found.exists) throw new TaxiiProblem(404, 'Object not found', 'No object with this id in the collection.');
        return found.entries;
      };

      scope.get(
        '/api/collections/:collection/objects/:object/',
        { ...routeConfig, schema: { tags: TAGS, summary: 'One object of the collection', params: S.ObjectParams, querystring: S.TaxiiListQuery, response: { 200: S.Envelope } } },
        async (request, reply) => {
          const entries = await findObject(request.params.collection, request.params.object, request.query);
          dateHeaders(reply, entries);
          return sendTaxii(reply, envelopeOf({ entries, more: false, next: null }));
        },
      );

      scope.get(
        '/api/collections/:collection/objects/:object/versions/',
        { ...routeConfig, schema: { tags: TAGS, summary: 'Versions of one object (the latest only is kept)', params: S.ObjectParams, querystring: S.TaxiiListQuery, response: { 200: S.Versions } } },
        async (request, reply) => {
          const entries = await findObject(request.params.collection, request.params.object, request.query);
          dateHeaders(reply, entries);
          return sendTaxii(reply, { more: false, ...(entries.length === 0 ? {} : { versions: entries.map((entry) => entry.version) }) });
        },
      );
    },
    { prefix: '/taxii2' },
  );
}
