import { Type } from 'typebox';
import type { Clock } from '../../core/clock.ts';
import type { Database } from '../../core/db.ts';
import type { AppInstance } from '../../core/http/types.ts';
import { isoOrNull } from '../../core/http/types.ts';
import { contextOf } from '../identity/http.ts';
import { requireAccess } from '../identity/index.ts';
import type { StoredRuleVersion } from './repository.ts';
import { RULE_UNITS } from './seed.ts';
import { addRuleVersion, deadlineFor, listRules, ruleAt } from './service.ts';
import type { RuleVersion } from './versions.ts';

const RuleKey = Type.String({ pattern: '^[a-z][a-z0-9_]*(\\.[a-z0-9_]+)+$', maxLength: 100 });
const Value = Type.Union([Type.Number(), Type.String({ maxLength: 500 }), Type.Record(Type.String({ maxLength: 50 }), Type.Unknown())]);

export const RuleVersionSchema = Type.Object({
  id: Type.String(),
  key: Type.String(),
  value: Type.Unknown(),
  unit: Type.String(),
  validFrom: Type.String({ format: 'date-time' }),
  validTo: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  citation: Type.String(),
  note: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});

export const NewRuleVersionBody = Type.Object(
  {
    key: RuleKey,
    value: Value,
    unit: Type.Enum(RULE_UNITS),
    validFrom: Type.String({ format: 'date-time' }),
    validTo: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
    citation: Type.String({ minLength: 3, maxLength: 300 }),
    note: Type.Optional(Type.Union([Type.String({ maxLength: 1000 }), Type.Null()])),
  },
  { additionalProperties: false },
);

/** A rule version as the API shows it. */
export function presentRuleVersion(v: RuleVersion | StoredRuleVersion) {
  return {
    id: v.id,
    key: v.key,
    value: v.value,
    unit: v.unit,
    validFrom: v.validFrom.toISOString(),
    validTo: isoOrNull(v.validTo),
    citation: v.citation,
    note: 'note' in v ? v.note : null,
  };
}

/** Legal rules over the API: list, the version in force at an instant, deadlines, new versions. */
export function registerRulesRoutes(app: AppInstance, deps: { database: Database; clock: Clock }): void {
  const { database, clock } = deps;
  const KeyParams = Type.Object({ key: RuleKey }, { additionalProperties: false });
  const At = Type.Object({ at: Type.Optional(Type.String({ format: 'date-time' })) }, { additionalProperties: false });

  app.get('/api/v1/rules', { schema: { tags: ['rules'], summary: 'Every version of every legal rule', response: { 200: Type.Object({ items: Type.Array(RuleVersionSchema) }) } } }, async (request) => ({
    items: (await listRules(database.db, contextOf(request, clock))).map(presentRuleVersion),
  }));

  app.get('/api/v1/rules/:key', { schema: { tags: ['rules'], summary: 'The version of a rule in force at ?at= (default now)', params: KeyParams, querystring: At, response: { 200: RuleVersionSchema } } }, async (request) => {
    requireAccess(request.actor, 'rules.read');
    const at = request.query.at === undefined ? clock.now() : new Date(request.query.at);
    return presentRuleVersion(await ruleAt(database.db, request.params.key, at));
  });

  app.get(
    '/api/v1/rules/:key/deadline',
    {
      schema: {
        tags: ['rules'],
        summary: 'When a clock started at ?start= under this rule runs out, and which version decided',
        params: KeyParams,
        querystring: Type.Object({ start: Type.String({ format: 'date-time' }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ dueAt: Type.String({ format: 'date-time' }), version: RuleVersionSchema }) },
      },
    },
    async (request) => {
      requireAccess(request.actor, 'rules.read');
      const { dueAt, version } = await deadlineFor(database.db, request.params.key, new Date(request.query.start));
      return { dueAt: dueAt.toISOString(), version: presentRuleVersion(version) };
    },
  );

  app.post('/api/v1/rules', { schema: { tags: ['rules'], summary: 'Add a rule version (audited)', body: NewRuleVersionBody, response: { 201: RuleVersionSchema } } }, async (request, reply) => {
    const body = request.body;
    const stored = await database.transaction((tx) =>
      addRuleVersion(tx.db, contextOf(request, clock), {
        key: body.key,
        value: body.value,
        unit: body.unit,
        validFrom: new Date(body.validFrom),
        validTo: body.validTo == null ? null : new Date(body.validTo),
        citation: body.citation,
        note: body.note ?? null,
      }),
    );
    return reply.status(201).send(presentRuleVersion(stored));
  });
}
