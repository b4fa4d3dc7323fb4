// TypeBox schemas of the reputation API. Responses name every field (fast-json-stringify drops the rest).
import { Type } from 'typebox';
import { TARGET_MAX_TEXT_LENGTH, TARGET_TYPES } from '../targets/index.ts';
import { MAX_CHECK_ITEMS } from './check.ts';

const Timestamp = Type.String({ format: 'date-time' });
// Nullable fields as `type: [X, 'null']`, not a union: fast-json-stringify serialises a union by
// running ajv on each branch for every value (a date-time regex per timestamp, per answer).
const NullableTimestamp = Type.Unsafe<string | null>({ type: ['string', 'null'], format: 'date-time' });
const Verdict = Type.Enum(['dangerous', 'suspicious', 'trusted', 'unknown']);
const Organisation = Type.Unsafe<{ slug: string; name: string } | null>({
  type: ['object', 'null'],
  properties: { slug: { type: 'string' }, name: { type: 'string' } },
  required: ['slug', 'name'],
});

export const CheckQuery = Type.Object(
  {
    value: Type.String({ minLength: 1, maxLength: TARGET_MAX_TEXT_LENGTH, description: 'a URL, domain, phone number, bank account (BANK:digits), social account, email, IP, file hash or message text' }),
    type: Type.Optional(Type.Enum(TARGET_TYPES, { description: 'skip detection and parse as this type' })),
    lang: Type.Optional(Type.Enum(['vi', 'en'])),
  },
  { additionalProperties: false },
);

const CheckItem = Type.Union([
  Type.String({ minLength: 1, maxLength: TARGET_MAX_TEXT_LENGTH }),
  Type.Object({ value: Type.String({ minLength: 1, maxLength: TARGET_MAX_TEXT_LENGTH }), type: Type.Optional(Type.Enum(TARGET_TYPES)) }, { additionalProperties: false }),
]);

export const CheckBatchBody = Type.Object({ items: Type.Array(CheckItem, { minItems: 1, maxItems: MAX_CHECK_ITEMS }) }, { additionalProperties: false });

export const CheckMatch = Type.Object({
  id: Type.String(),
  type: Type.String(),
  value: Type.String(),
  verdict: Type.String(),
  categories: Type.Array(Type.String()),
  source: Type.String(),
  confidence: Type.Integer(),
  reportCount: Type.Integer(),
  firstSeen: Timestamp,
  lastVerified: Timestamp,
  expiresAt: NullableTimestamp,
  impersonates: Organisation,
});

export const CheckResult = Type.Object({
  type: Type.Enum(TARGET_TYPES),
  normalized: Type.String(),
  display: Type.String(),
  flags: Type.Array(Type.String()),
  verdict: Verdict,
  categories: Type.Array(Type.String()),
  matches: Type.Array(CheckMatch),
  firstSeen: NullableTimestamp,
  lastVerified: NullableTimestamp,
  reportCount: Type.Integer(),
  impersonates: Organisation,
  advice: Type.String(),
  serial: Type.Integer(),
});

const CheckFailure = Type.Object({ value: Type.String(), error: Type.Object({ code: Type.String(), message: Type.String() }) });

export const CheckBatchResult = Type.Object({ serial: Type.Integer(), results: Type.Array(Type.Union([CheckResult, CheckFailure])) });
