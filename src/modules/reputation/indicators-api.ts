// The staff indicator API (authority staff; tokens with indicators:read / indicators:write):
// search with keyset paging, one indicator with its full history, listing a value by hand,
// revoking a listing. Writes catch this process's index up before answering, so the check
// reflects them at once.
import { Type, type Static } from 'typebox';
import { isoOrNull, type AppInstance } from '../../core/http/types.ts';
import { contextOf } from '../identity/http.ts';
import { CATEGORY_CODES } from '../cases/index.ts';
import { TARGET_MAX_TEXT_LENGTH, TARGET_TYPES } from '../targets/index.ts';
import { INDICATOR_SOURCES, INDICATOR_STATUSES, INDICATOR_VERDICTS } from './model.ts';
import type { IndexedRow, IndicatorChangeRow, IndicatorRow } from './repository.ts';
import type { ReputationDeps } from './routes.ts';
import { indicatorDetail, isInForce, listIndicatorByHand, listIndicators, MAX_EVIDENCE_URL_LENGTH, MAX_NOTE_LENGTH, MAX_PAGE_SIZE, MAX_QUERY_LENGTH, MIN_NOTE_LENGTH, revokeIndicator } from './staff-indicators.ts';

const Timestamp = Type.String({ format: 'date-time' });
const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);
const NullableString = Type.Union([Type.String(), Type.Null()]);
const ErrorResponse = Type.Object({ error: Type.Object({ code: Type.String(), message: Type.String(), details: Type.Array(Type.Unknown()), requestId: Type.Optional(Type.String()) }) });
const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };
const SECURITY: { [label: string]: string[] }[] = [{ bearer: [] }, { session: [] }];
const staff = { tags: ['reputation'], security: SECURITY };

export const IndicatorListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: MAX_QUERY_LENGTH, description: 'part of the value (any case), or a value in any form: it is normalised and matched at the start' })),
    type: Type.Optional(Type.Enum(TARGET_TYPES)),
    verdict: Type.Optional(Type.Enum(INDICATOR_VERDICTS)),
    status: Type.Optional(Type.Enum(INDICATOR_STATUSES)),
    source: Type.Optional(Type.Enum(INDICATOR_SOURCES)),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 50 })),
    after: Type.Optional(Type.Integer({ minimum: 1, description: 'the `next` cursor of the previous page' })),
  },
  { additionalProperties: false },
);

const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });

export const Indicator = Type.Object({
  id: Type.String(),
  type: Type.String(),
  value: Type.String(),
  verdict: Type.String(),
  categories: Type.Array(Type.String()),
  confidence: Type.Integer(),
  source: Type.String(),
  sourceKey: Type.String(),
  sourceRef: NullableString,
  evidenceUrl: NullableString,
  impersonates: Type.Union([Type.Object({ id: Type.String(), slug: Type.String(), name: Type.String() }), Type.Null()]),
  reportCount: Type.Integer(),
  firstSeen: Timestamp,
  lastVerified: Timestamp,
  expiresAt: NullableTimestamp,
  status: Type.String(),
  /** Active and not past its expiry: what the check counts. */
  inForce: Type.Boolean(),
  serial: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

const IndicatorList = Type.Object({ items: Type.Array(Indicator), next: Type.Union([Type.Integer(), Type.Null()]) });

const HistoryLine = Type.Object({
  serial: Type.Integer(),
  action: Type.String(),
  status: Type.String(),
  verdict: Type.String(),
  categories: Type.Array(Type.String()),
  expiresAt: NullableTimestamp,
  actorName: Type.String(),
  note: NullableString,
  at: Timestamp,
});

const OtherListing = Type.Object({ id: Type.String(), source: Type.String(), sourceKey: Type.String(), verdict: Type.String(), status: Type.String(), lastVerified: Timestamp, expiresAt: NullableTimestamp });

const IndicatorDetail = Type.Object({ ...Indicator.properties, history: Type.Array(HistoryLine), otherListings: Type.Array(OtherListing) });

export const ListBody = Type.Object(
  {
    value: Type.String({ minLength: 1, maxLength: TARGET_MAX_TEXT_LENGTH }),
    type: Type.Optional(Type.Enum(TARGET_TYPES, { description: 'skip detection; needed to list free text' })),
    verdict: Type.Enum(INDICATOR_VERDICTS),
    categories: Type.Array(Type.Enum(CATEGORY_CODES), { maxItems: CATEGORY_CODES.length, uniqueItems: true }),
    confidence: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
    evidenceUrl: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_EVIDENCE_URL_LENGTH })),
    note: Type.String({ minLength: MIN_NOTE_LENGTH, maxLength: MAX_NOTE_LENGTH, description: 'why: kept in the history and the audit log' }),
  },
  { additionalProperties: false },
);

const ListResult = Type.Object({ change: Type.Enum(['listed', 'updated', 'unchanged']), indicator: Indicator });

const RevokeBody = Type.Object({ reason: Type.String({ minLength: MIN_NOTE_LENGTH, maxLength: MAX_NOTE_LENGTH }) }, { additionalProperties: false });
const RevokeResult = Type.Object({ changed: Type.Boolean(), indicator: Indicator });

/** An indicator as staff see it (the impersonated organisation when the row carries it). */
export function presentIndicator(row: IndicatorRow | IndexedRow, now: Date): Static<typeof Indicator> {
  const entity = 'impersonatedSlug' in row && row.impersonatedEntityId !== null && row.impersonatedSlug !== null && row.impersonatedName !== null ? { id: row.impersonatedEntityId, slug: row.impersonatedSlug, name: row.impersonatedName } : null;
  return {
    id: row.id,
    type: row.type,
    value: row.value,
    verdict: row.verdict,
    categories: row.categories,
    confidence: row.confidence,
    source: row.source,
    sourceKey: row.sourceKey,
    sourceRef: row.sourceRef,
    evidenceUrl: row.evidenceUrl,
    impersonates: entity,
    reportCount: row.reportCount,
    firstSeen: row.firstSeen.toISOString(),
    lastVerified: row.lastVerified.toISOString(),
    expiresAt: isoOrNull(row.expiresAt),
    status: row.status,
    inForce: isInForce(row, now),
    serial: row.serial,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function presentLine(line: IndicatorChangeRow): Static<typeof HistoryLine> {
  return {
    serial: line.serial,
    action: line.action,
    status: line.status,
    verdict: line.verdict,
    categories: line.categories,
    expiresAt: isoOrNull(line.expiresAt),
    actorName: line.actorName,
    note: line.note,
    at: line.at.toISOString(),
  };
}

export function registerIndicatorsApi(app: AppInstance, deps: ReputationDeps): void {
  const { database, clock, live } = deps;

  app.get('/api/v1/indicators', { schema: { ...staff, summary: 'Indicators, most recently changed first; search by value, filter, page with `after`', querystring: IndicatorListQuery, response: { 200: IndicatorList, ...errors } } }, async (request) => {
    const ctx = contextOf(request, clock);
    const page = await listIndicators(database.db, ctx, { ...request.query, limit: request.query.limit ?? 50 });
    return { items: page.rows.map((row) => presentIndicator(row, ctx.now)), next: page.next };
  });

  app.get('/api/v1/indicators/:id', { schema: { ...staff, summary: 'One indicator with its full history and the other listings of its value', params: IdParams, response: { 200: IndicatorDetail, ...errors } } }, async (request) => {
    const ctx = contextOf(request, clock);
    const detail = await indicatorDetail(database.db, ctx, request.params.id);
    return {
      ...presentIndicator(detail.indicator, ctx.now),
      history: detail.history.map(presentLine),
      otherListings: detail.others.map((o) => ({ id: o.id, source: o.source, sourceKey: o.sourceKey, verdict: o.verdict, status: o.status, lastVerified: o.lastVerified.toISOString(), expiresAt: isoOrNull(o.expiresAt) })),
    };
  });

  app.post(
    '/api/v1/indicators',
    { schema: { ...staff, summary: 'List a value by hand (source `staff`); listing it again updates the staff listing or reinstates it', body: ListBody, response: { 200: ListResult, 201: ListResult, ...errors } } },
    async (request, reply) => {
      const ctx = contextOf(request, clock);
      const result = await database.transaction((tx) => listIndicatorByHand(tx, ctx, request.body));
      await live.catchUp(database.db);
      return reply.status(result.change === 'listed' ? 201 : 200).send({ change: result.change, indicator: presentIndicator(result.indicator, ctx.now) });
    },
  );

  app.post(
    '/api/v1/indicators/:id/revoke',
    { schema: { ...staff, summary: 'Revoke a listing: it leaves the check and every feed at the next serial (revoking twice changes nothing)', params: IdParams, body: RevokeBody, response: { 200: RevokeResult, ...errors } } },
    async (request) => {
      const ctx = contextOf(request, clock);
      const result = await database.transaction((tx) => revokeIndicator(tx, ctx, request.params.id, request.body.reason));
      await live.catchUp(database.db);
      return { changed: result.changed, indicator: presentIndicator(result.indicator, ctx.now) };
    },
  );
}
