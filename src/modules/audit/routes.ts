import { Type, type Static } from 'typebox';
import type { Clock } from '../../core/clock.ts';
import type { Database } from '../../core/db.ts';
import type { AppInstance } from '../../core/http/types.ts';
import { contextOf } from '../identity/http.ts';
import type { AuditEntry, AuditFilter } from './repository.ts';
import { browseAudit, verifyAudit } from './service.ts';

export const AuditQuery = Type.Object(
  {
    orgId: Type.Optional(Type.String({ format: 'uuid' })),
    action: Type.Optional(Type.String({ pattern: '^[a-z_]+\\.[a-z_]+$', maxLength: 60 })),
    subjectType: Type.Optional(Type.String({ pattern: '^[a-z_]+$', maxLength: 60 })),
    subjectId: Type.Optional(Type.String({ maxLength: 100 })),
    actorId: Type.Optional(Type.String({ maxLength: 100 })),
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    before: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);

/** Query parameters to a repository filter. */
export function auditFilterOf(query: Static<typeof AuditQuery>): AuditFilter {
  return {
    orgId: query.orgId,
    action: query.action,
    subjectType: query.subjectType,
    subjectId: query.subjectId,
    actorId: query.actorId,
    from: query.from === undefined ? undefined : new Date(query.from),
    to: query.to === undefined ? undefined : new Date(query.to),
    beforeSeq: query.before,
  };
}

const Entry = Type.Object({
  seq: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actorType: Type.String(),
  actorId: Type.Union([Type.String(), Type.Null()]),
  actorLabel: Type.String(),
  orgId: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  subjectType: Type.String(),
  subjectId: Type.Union([Type.String(), Type.Null()]),
  summary: Type.Unknown(),
  requestId: Type.Union([Type.String(), Type.Null()]),
  prevHash: Type.String(),
  hash: Type.String(),
});

function presentEntry(entry: AuditEntry) {
  return { ...entry, at: entry.at.toISOString() };
}

/** The audit log over the API: browse with filters, and verify the chain. */
export function registerAuditRoutes(app: AppInstance, deps: { database: Database; clock: Clock }): void {
  app.get(
    '/api/v1/audit',
    { schema: { tags: ['audit'], summary: 'Browse the audit log (newest first; page with ?before=<seq>)', querystring: AuditQuery, response: { 200: Type.Object({ items: Type.Array(Entry), next: Type.Union([Type.Integer(), Type.Null()]) }) } } },
    async (request) => {
      const items = await browseAudit(deps.database.db, contextOf(request, deps.clock), auditFilterOf(request.query));
      const last = items.at(-1);
      return { items: items.map(presentEntry), next: items.length > 0 && last !== undefined && last.seq > 1 ? last.seq : null };
    },
  );
  app.get(
    '/api/v1/audit/verify',
    {
      schema: {
        tags: ['audit'],
        summary: 'Verify the hash chain end to end',
        response: { 200: Type.Object({ ok: Type.Boolean(), entries: Type.Integer(), headSeq: Type.Integer(), problems: Type.Array(Type.Object({ seq: Type.Integer(), kind: Type.String(), message: Type.String() })) }) },
      },
    },
    async (request) => verifyAudit(deps.database.db, contextOf(request, deps.clock)),
  );
}
