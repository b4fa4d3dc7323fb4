// Request and response schemas of the takedown API and the transparency database.
import { Type } from 'typebox';
import { CATEGORY_CODES } from '../cases/index.ts';
import { TARGET_TYPES } from '../targets/index.ts';
import { ACTIONS, OUTCOMES, STATUSES, TAKEDOWN_LIMITS as L } from './model.ts';

const Id = Type.String({ format: 'uuid' });
const Time = Type.String({ format: 'date-time' });
const NullableTime = Type.Unsafe<string | null>({ type: ['string', 'null'], format: 'date-time' });
const NullableText = Type.Unsafe<string | null>({ type: ['string', 'null'] });
const Text = (max: number, min = 1) => Type.String({ minLength: min, maxLength: max });

export const IdParams = Type.Object({ id: Id });
export const RequestParams = Type.Object({ requestId: Id });
export const OrgParams = Type.Object({ orgId: Id });
export const OrgDomainParams = Type.Object({ orgId: Id, domainId: Id });
/** Actions without a body accept none, or `{}`. */
export const EmptyBody = Type.Object({}, { additionalProperties: false });

const TargetIn = Type.Object({ type: Type.Optional(Type.Enum([...TARGET_TYPES])), value: Text(L.value) }, { additionalProperties: false });
const Target = Type.Object({ type: Type.String(), value: Type.String() });

export const IssueBody = Type.Object(
  {
    recipientOrgId: Id,
    action: Type.Enum([...ACTIONS]),
    targets: Type.Array(TargetIn, { minItems: 1, maxItems: L.targets }),
    category: Type.Enum([...CATEGORY_CODES]),
    legalBasis: Text(L.legalBasis, L.reasonMin),
    statement: Text(L.statement, L.reasonMin),
    urgent: Type.Optional(Type.Boolean()),
    caseId: Type.Optional(Id),
    evidenceLinks: Type.Optional(Type.Array(Text(L.proof), { maxItems: L.evidenceLinks })),
  },
  { additionalProperties: false },
);

export const AcknowledgeBody = Type.Object({ ids: Type.Array(Id, { minItems: 1, maxItems: L.bulk }) }, { additionalProperties: false });

export const AnswerBody = Type.Object(
  {
    outcome: Type.Enum([...OUTCOMES]),
    note: Text(L.note, L.reasonMin),
    proof: Type.Optional(Text(L.proof)),
    actionedAt: Type.Optional(Time),
  },
  { additionalProperties: false },
);

export const WithdrawBody = Type.Object({ reason: Text(L.note, L.reasonMin) }, { additionalProperties: false });

export const SuggestBody = Type.Object({ action: Type.Enum([...ACTIONS]), targets: Type.Array(TargetIn, { minItems: 1, maxItems: L.targets }) }, { additionalProperties: false });

const StatusList = Type.String({ pattern: `^(${STATUSES.join('|')})(,(${STATUSES.join('|')}))*$`, maxLength: 200 });

export const InboxQuery = Type.Object({
  orgId: Type.Optional(Id),
  status: Type.Optional(StatusList),
  overdue: Type.Optional(Type.Boolean()),
  action: Type.Optional(Type.Enum([...ACTIONS])),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: L.pageSize })),
});

export const IssuedQuery = Type.Object({
  status: Type.Optional(StatusList),
  overdue: Type.Optional(Type.Boolean()),
  action: Type.Optional(Type.Enum([...ACTIONS])),
  caseId: Type.Optional(Id),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: L.pageSize })),
});

export const FiguresQuery = Type.Object({ orgId: Type.Optional(Id) });

export const Request = Type.Object({
  id: Id,
  reference: Type.String(),
  kind: Type.String(),
  issuerOrgId: Type.Unsafe<string | null>({ type: ['string', 'null'] }),
  recipientOrgId: Id,
  caseId: Type.Unsafe<string | null>({ type: ['string', 'null'] }),
  action: Type.String(),
  targets: Type.Array(Target),
  category: Type.String(),
  legalBasis: Type.String(),
  statement: Type.String(),
  evidenceLinks: Type.Array(Type.String()),
  /** A routed complaint: what the reporter wrote (for the platform; never published). */
  complaintText: NullableText,
  urgent: Type.Boolean(),
  status: Type.String(),
  overdue: Type.Boolean(),
  issuedAt: Time,
  dueAt: Time,
  deadlineRule: Type.Object({ id: Id, key: Type.String(), citation: Type.String() }),
  deliveredAt: NullableTime,
  acknowledgedAt: NullableTime,
  respondedAt: NullableTime,
  actionedAt: NullableTime,
  responseNote: NullableText,
  responseProof: NullableText,
  withdrawnAt: NullableTime,
  withdrawnReason: NullableText,
  overdueAt: NullableTime,
});

export const RequestPage = Type.Object({ items: Type.Array(Request), nextCursor: NullableText });

export const RequestDetail = Type.Object({
  request: Request,
  /** A routed complaint's reporter contact: only for the platform, and only when the reporter agreed. */
  complainantContact: NullableText,
  /** Files the authority attached; `url` opens one (the recipient's members and the issuer's staff). */
  evidence: Type.Array(Type.Object({ id: Id, contentType: Type.String(), size: Type.Integer(), fileName: Type.String(), url: Type.String() })),
  history: Type.Array(Type.Object({ kind: Type.String(), actorName: Type.String(), note: NullableText, at: Time })),
});

export const AcknowledgeResult = Type.Object({ items: Type.Array(Request) });

export const Figures = Type.Object({
  requests: Type.Integer(),
  answered: Type.Integer(),
  onTime: Type.Integer(),
  late: Type.Integer(),
  actioned: Type.Integer(),
  declined: Type.Integer(),
  open: Type.Integer(),
  overdue: Type.Integer(),
  onTimeShare: Type.Unsafe<number | null>({ type: ['number', 'null'] }),
  medianHoursToAction: Type.Unsafe<number | null>({ type: ['number', 'null'] }),
});

export const Suggestions = Type.Object({
  items: Type.Array(Type.Object({ orgId: Id, name: Type.String(), kind: Type.String(), targets: Type.Array(Target) })),
});

export const DomainBody = Type.Object({ domain: Text(253) }, { additionalProperties: false });
export const OperatedDomain = Type.Object({ id: Id, domain: Type.String(), createdAt: Time });
export const OperatedDomainList = Type.Object({ items: Type.Array(OperatedDomain) });

// The transparency database: DSA field names and values (snake_case, as its API and dumps use them).

export const StatementQuery = Type.Object({
  platform: Type.Optional(Id),
  category: Type.Optional(Type.String({ pattern: '^STATEMENT_CATEGORY_[A-Z_]+$', maxLength: 100 })),
  from: Type.Optional(Type.String({ format: 'date' })),
  to: Type.Optional(Type.String({ format: 'date' })),
  q: Type.Optional(Type.String({ maxLength: 200 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: L.pageSize })),
});

export const Statement = Type.Object({
  uuid: Id,
  platform_name: Type.String(),
  platform_uid: Id,
  decision_visibility: Type.Array(Type.String()),
  decision_account: NullableText,
  decision_provision: NullableText,
  decision_ground: Type.String(),
  illegal_content_legal_ground: Type.String(),
  illegal_content_explanation: Type.String(),
  category: Type.String(),
  content_type: Type.Array(Type.String()),
  automated_detection: Type.Enum(['Yes', 'No']),
  automated_decision: Type.String(),
  source_type: Type.String(),
  territorial_scope: Type.Array(Type.String()),
  application_date: Time,
  created_at: Time,
  outcome: Type.String(),
  on_time: Type.Boolean(),
  /** After an owner's appeal: restored or confirmed; null when none was decided. */
  appeal_outcome: NullableText,
});

export const StatementPage = Type.Object({ items: Type.Array(Statement), nextCursor: NullableText });

export const PlatformTable = Type.Object({
  items: Type.Array(
    Type.Object({
      orgId: Id,
      name: Type.String(),
      kind: Type.String(),
      requests: Type.Integer(),
      onTimeShare: Type.Unsafe<number | null>({ type: ['number', 'null'] }),
      medianHoursToAction: Type.Unsafe<number | null>({ type: ['number', 'null'] }),
      actioned: Type.Integer(),
      declined: Type.Integer(),
      /** Appeals by content owners against the organisation's actions, and those upheld (restored). */
      appealed: Type.Integer(),
      restored: Type.Integer(),
    }),
  ),
});

export const DumpParams = Type.Object({ file: Type.String({ pattern: '^statements-\\d{4}-\\d{2}-\\d{2}\\.(csv|json)$' }) });
