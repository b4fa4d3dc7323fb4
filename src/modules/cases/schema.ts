// TypeBox schemas of the cases API: requests are strict, responses list every
// field they may carry (fast-json-stringify drops anything else, so a row
// column that is not named here never reaches a client).
import { Type, type Static } from 'typebox';
import { PROVINCE_PATTERN } from '../identity/index.ts';
import { TARGET_TYPES } from '../targets/index.ts';
import { CASE_STATUSES, CATEGORY_CODES, DECISION_GROUNDS, OUTCOMES, VERDICTS } from './categories.ts';

const Uuid = Type.String({ format: 'uuid' });
const Timestamp = Type.String({ format: 'date-time' });
const NullableString = Type.Union([Type.String(), Type.Null()]);
const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);

/** Queue filters beyond the case statuses: open (every unfinished status) and all. */
export const QUEUE_STATUSES = ['open', 'all', ...CASE_STATUSES] as const;
export type QueueStatus = (typeof QUEUE_STATUSES)[number];
export const ASSIGNEE_FILTERS = ['me', 'none'] as const;
export const BULK_ACTIONS = ['reject_spam', 'merge', 'assign'] as const;
export type BulkActionKind = (typeof BULK_ACTIONS)[number];

/** Shown to the reporters of cases rejected in bulk as spam, when no reason is given. */
export const DEFAULT_SPAM_REASON =
  'Phản ánh không chứa thông tin có thể xác minh hoặc là thư rác. / The report contains no verifiable information or is spam.';

/** A case by its id, or `VV-123` (its public reference). */
const CaseRef = Type.String({
  pattern: '^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[Vv][Vv]-?[0-9]{1,9}|[0-9]{1,9})$',
  description: 'a case id or its reference (VV-123)',
});

// Ids in paths are not format-checked here: the use cases answer the same 404 for a malformed id as for an unknown one.
export const CaseIdParams = Type.Object({ id: Type.String({ maxLength: 100 }) }, { additionalProperties: false });
export const DecisionIdParams = Type.Object({ id: Type.String({ maxLength: 100 }) }, { additionalProperties: false });

/** Claiming takes no input; the empty object is optional (see the route). */
export const EmptyBody = Type.Object({}, { additionalProperties: false });

export const CaseListQuery = Type.Object(
  {
    status: Type.Optional(Type.Enum(QUEUE_STATUSES, { default: 'open' })),
    category: Type.Optional(Type.Enum(CATEGORY_CODES)),
    targetType: Type.Optional(Type.Enum(TARGET_TYPES)),
    province: Type.Optional(Type.String({ pattern: PROVINCE_PATTERN.source })),
    from: Type.Optional(Timestamp),
    to: Type.Optional(Timestamp),
    q: Type.Optional(Type.String({ maxLength: 200, description: 'accent-insensitive text, a target, or a reference (VV-123)' })),
    assignee: Type.Optional(Type.Enum(ASSIGNEE_FILTERS)),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 25 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000, default: 0 })),
  },
  { additionalProperties: false },
);
export type CaseListQuery = Static<typeof CaseListQuery>;

export const CaseSummary = Type.Object({
  id: Uuid,
  number: Type.Integer(),
  ref: Type.String({ description: 'VV-<number>' }),
  status: Type.Enum(CASE_STATUSES),
  category: Type.String(),
  categories: Type.Array(Type.String()),
  severity: Type.Integer(),
  priority: Type.Number(),
  provinceCode: NullableString,
  reportCount: Type.Integer(),
  firstReportedAt: Timestamp,
  lastReportedAt: Timestamp,
  dueAt: Timestamp,
  overdue: Type.Boolean(),
  assigneeId: Type.Union([Uuid, Type.Null()]),
  hasNewInformation: Type.Boolean(),
});

export const CaseList = Type.Object({ items: Type.Array(CaseSummary), total: Type.Integer() });

export const Decision = Type.Object({
  id: Uuid,
  outcome: Type.Enum(OUTCOMES),
  state: Type.String({ description: 'pending_approval, in_effect or refused' }),
  verdict: NullableString,
  categories: Type.Array(Type.String()),
  decisionGround: NullableString,
  legalBasis: NullableString,
  facts: NullableString,
  publicNote: NullableString,
  automatedDetection: Type.Boolean(),
  automatedDecision: Type.Boolean(),
  duplicateOf: Type.Union([Uuid, Type.Null()]),
  decidedByName: Type.String(),
  decidedAt: Timestamp,
  reviewedByName: NullableString,
  reviewedAt: NullableTimestamp,
  reviewNote: NullableString,
});

export const Note = Type.Object({ id: Uuid, authorName: Type.String(), body: Type.String(), createdAt: Timestamp });

const StaffReport = Type.Object({
  id: Uuid,
  createdAt: Timestamp,
  category: Type.String(),
  description: Type.String(),
  provinceCode: NullableString,
  channel: Type.String(),
  locale: Type.String(),
  hasContact: Type.Boolean(),
  targets: Type.Array(Type.Object({ type: Type.String(), value: Type.String(), display: Type.String(), flags: Type.Array(Type.String()) })),
  evidence: Type.Array(Type.Object({ id: Uuid, contentType: Type.String(), size: Type.Integer(), fileName: Type.String(), url: Type.String() })),
  replies: Type.Array(Type.Object({ body: Type.String(), at: Timestamp })),
});

export const CaseDetail = Type.Object({
  ...CaseSummary.properties,
  targets: Type.Array(Type.Object({ type: Type.String(), value: Type.String(), display: Type.String(), flags: Type.Array(Type.String()), reportCount: Type.Integer() })),
  events: Type.Array(Type.Object({ kind: Type.String(), publicNote: NullableString, at: Timestamp })),
  notes: Type.Array(Note),
  decisions: Type.Array(Decision),
  similar: Type.Array(Type.Object({ id: Uuid, ref: Type.String(), similarity: Type.Number(), reason: Type.String(), status: Type.Enum(CASE_STATUSES) })),
  reports: Type.Array(StaffReport),
});

export const AssignBody = Type.Object({ assigneeId: Type.Union([Uuid, Type.Null()]) }, { additionalProperties: false });
export const NoteBody = Type.Object({ body: Type.String({ minLength: 1, maxLength: 5000 }) }, { additionalProperties: false });

const VerifyBody = Type.Object(
  {
    outcome: Type.Literal('verified'),
    verdict: Type.Enum(VERDICTS),
    categories: Type.Array(Type.Enum(CATEGORY_CODES), { minItems: 1, maxItems: 12, uniqueItems: true }),
    decisionGround: Type.Enum(DECISION_GROUNDS),
    legalBasis: Type.String({ minLength: 3, maxLength: 500 }),
    facts: Type.String({ minLength: 10, maxLength: 5000 }),
    automatedDetection: Type.Optional(Type.Boolean({ description: 'default false' })),
    automatedDecision: Type.Optional(Type.Boolean({ description: 'default false' })),
  },
  { additionalProperties: false },
);
const RejectBody = Type.Object(
  { outcome: Type.Literal('rejected'), reason: Type.String({ minLength: 3, maxLength: 2000, description: 'shown to the reporters' }) },
  { additionalProperties: false },
);
const MoreInfoBody = Type.Object(
  { outcome: Type.Literal('more_info'), question: Type.String({ minLength: 3, maxLength: 2000, description: 'shown to the reporters' }) },
  { additionalProperties: false },
);
const DuplicateBody = Type.Object({ outcome: Type.Literal('duplicate'), duplicateOf: CaseRef }, { additionalProperties: false });

/** A decision with its statement of reasons; the fields depend on `outcome`. */
export const DecisionBody = Type.Union([VerifyBody, RejectBody, MoreInfoBody, DuplicateBody]);
export type DecisionBody = Static<typeof DecisionBody>;

export const ReviewBody = Type.Object({ approve: Type.Boolean(), note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false });

export const DecisionResult = Type.Object({ decision: Decision, case: CaseSummary });

export const BulkBody = Type.Object(
  {
    action: Type.Enum(BULK_ACTIONS),
    caseIds: Type.Array(Uuid, { minItems: 1, maxItems: 100, uniqueItems: true }),
    into: Type.Optional(CaseRef),
    assigneeId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    reason: Type.Optional(Type.String({ minLength: 3, maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export type BulkBody = Static<typeof BulkBody>;

export const BulkResult = Type.Object({ affected: Type.Integer() });

export const StatsQuery = Type.Object({ days: Type.Optional(Type.Integer({ minimum: 1, maximum: 365, default: 30 })) }, { additionalProperties: false });

const Counts = (keys: readonly string[]) => Type.Object(Object.fromEntries(keys.map((k) => [k, Type.Integer()])));

export const Statistics = Type.Object({
  since: Timestamp,
  until: Timestamp,
  reports: Type.Integer(),
  byCategory: Counts(CATEGORY_CODES),
  byStatus: Counts(CASE_STATUSES),
  byDay: Type.Array(Type.Object({ day: Type.String({ description: 'YYYY-MM-DD, Vietnam time' }), reports: Type.Integer() })),
  medianHoursToFirstReview: Type.Union([Type.Number(), Type.Null()]),
  medianHoursToDecision: Type.Union([Type.Number(), Type.Null()]),
});

export const ErrorResponse = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String(), details: Type.Array(Type.Unknown()), requestId: Type.Optional(Type.String()) }),
});
