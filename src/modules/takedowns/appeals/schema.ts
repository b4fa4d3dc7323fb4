// TypeBox schemas of the takedown appeals API. Responses name every field: the contact is in none
// of them, and the appellant's view holds no name and no staff name.
import { Type, type Static } from 'typebox';
import { Request, Statement } from '../schema.ts';
import { APPEAL_LIMITS as L, APPEAL_LOCALES, APPEAL_OUTCOMES, APPEAL_STATUSES } from './model.ts';

const Time = Type.String({ format: 'date-time' });
const NullableTime = Type.Union([Time, Type.Null()]);
const NullableString = Type.Union([Type.String(), Type.Null()]);

/** `POST /api/v1/takedown-appeals` (JSON, or the `appeal` field of a multipart body with `evidence` files). */
export const AppealBody = Type.Object(
  {
    reference: Type.String({ minLength: 1, maxLength: L.reference, description: 'the statement of reasons’ uuid (as in /api/v1/transparency/statements) or the request’s reference, YC-000123' }),
    name: Type.String({ minLength: 1, maxLength: L.name, description: 'your name or your organisation’s (seen only by the staff who decide)' }),
    contact: Type.Optional(Type.String({ maxLength: L.contact, description: 'an email address for the outcome; encrypted, never shown' })),
    statement: Type.String({ minLength: 1, maxLength: L.statement, description: 'why the action was wrong: what was taken down, why it was lawful' }),
    locale: Type.Optional(Type.Enum(APPEAL_LOCALES)),
  },
  { additionalProperties: false },
);
export type AppealBody = Static<typeof AppealBody>;

export const AppealCreated = Type.Object({ ticket: Type.String(), status: Type.Literal('received'), trackUrl: Type.String() });

export const TicketParams = Type.Object({ ticket: Type.String({ minLength: 1, maxLength: 40 }) }, { additionalProperties: false });
export const AppealParams = Type.Object({ appealId: Type.String({ minLength: 1, maxLength: 40 }) }, { additionalProperties: false });
export const LangQuery = Type.Object({ lang: Type.Optional(Type.Enum(['vi', 'en'])) }, { additionalProperties: false });

/** The appellant's view: the status, what happens next, the decision's reason, and the public action it is about. */
export const AppealStatusView = Type.Object({
  ticket: Type.String(),
  status: Type.Enum(APPEAL_STATUSES),
  statusLabel: Type.String(),
  nextStep: Type.String(),
  submittedAt: Time,
  evidenceCount: Type.Integer(),
  decision: Type.Union([Type.Object({ reason: Type.String(), decidedAt: Time }), Type.Null()]),
  action: Type.Object({ statementId: Type.String(), platformName: Type.String(), action: Type.String(), appliedAt: Time }),
});

export const AppealListQuery = Type.Object(
  {
    status: Type.Optional(Type.Enum(APPEAL_STATUSES)),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: L.pageSize, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
  },
  { additionalProperties: false },
);

const AppealSummary = Type.Object({
  id: Type.String(),
  ticket: Type.String(),
  status: Type.Enum(APPEAL_STATUSES),
  requestId: Type.String(),
  reference: Type.String(),
  recipientOrgId: Type.String(),
  recipientName: Type.String(),
  action: Type.String(),
  createdAt: Time,
  decidedAt: NullableTime,
  evidenceCount: Type.Integer(),
});

export const AppealList = Type.Object({ total: Type.Integer(), items: Type.Array(AppealSummary) });

/** What staff see of an appeal: the appellant's name and grounds, never the contact. */
export const AppealDetail = Type.Object({
  id: Type.String(),
  ticket: Type.String(),
  status: Type.Enum(APPEAL_STATUSES),
  appellantName: Type.String(),
  hasContact: Type.Boolean(),
  locale: Type.String(),
  statement: Type.String(),
  createdAt: Time,
  decision: Type.Union([Type.Object({ status: Type.String(), reason: Type.String(), decidedByName: NullableString, decidedAt: Time }), Type.Null()]),
  evidence: Type.Array(Type.Object({ id: Type.String(), contentType: Type.String(), size: Type.Integer(), fileName: Type.String(), url: Type.String() })),
  request: Request,
  recipientName: Type.String(),
  history: Type.Array(Type.Object({ kind: Type.String(), actorName: Type.String(), note: NullableString, at: Time })),
  statementOfReasons: Type.Union([Statement, Type.Null()]),
});

export const DecisionBody = Type.Object(
  {
    outcome: Type.Enum(APPEAL_OUTCOMES, { description: 'restore: the action is reversed and the recipient is asked to restore; confirm: it stands' }),
    reason: Type.String({ minLength: 1, maxLength: L.reason, description: 'shown to the appellant and sent to the recipient' }),
  },
  { additionalProperties: false },
);
