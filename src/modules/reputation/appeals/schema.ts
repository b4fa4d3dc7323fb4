// TypeBox schemas of the appeals API. Responses name every field: the contact is in none of them.
import { Type, type Static } from 'typebox';
import { TARGET_TYPES } from '../../targets/index.ts';
import { APPEAL_DECISIONS, APPEAL_GROUNDS, APPEAL_LIMITS, APPEAL_LOCALES, APPEAL_STATUSES } from './model.ts';

const Time = Type.String({ format: 'date-time' });
const NullableTime = Type.Union([Time, Type.Null()]);
const NullableString = Type.Union([Type.String(), Type.Null()]);

/** `POST /api/v1/appeals` (JSON, or the `appeal` field of a multipart body with `evidence` files). */
export const AppealBody = Type.Object(
  {
    value: Type.String({ minLength: 1, maxLength: APPEAL_LIMITS.value, description: 'the listed value (URL, domain, phone number, …) as the check shows it' }),
    type: Type.Optional(Type.Enum(TARGET_TYPES, { description: 'skip detection and parse the value as this type' })),
    ground: Type.Enum(APPEAL_GROUNDS, { description: 'new_owner: I own this domain now; recycled_number: this phone number was reassigned to me; false_positive: it was never harmful; other' }),
    statement: Type.String({ minLength: 1, maxLength: APPEAL_LIMITS.statement }),
    appellantName: Type.String({ minLength: 1, maxLength: APPEAL_LIMITS.name }),
    contact: Type.String({ minLength: 3, maxLength: APPEAL_LIMITS.contact, description: 'an email address for the outcome; encrypted, never shown' }),
    locale: Type.Optional(Type.Enum(APPEAL_LOCALES)),
  },
  { additionalProperties: false },
);
export type AppealBody = Static<typeof AppealBody>;

export const AppealCreated = Type.Object({
  id: Type.String({ format: 'uuid' }),
  ticket: Type.String(),
  status: Type.Literal('received'),
  trackUrl: Type.String(),
});

export const AppealTicketParams = Type.Object({ ticket: Type.String({ minLength: 1, maxLength: 40 }) }, { additionalProperties: false });
export const AppealIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 40 }) }, { additionalProperties: false });
export const LangQuery = Type.Object({ lang: Type.Optional(Type.Enum(['vi', 'en'])) }, { additionalProperties: false });

/** The appellant's view: no name, no contact, no staff names. */
export const AppealStatusView = Type.Object({
  ticket: Type.String(),
  status: Type.Enum(APPEAL_STATUSES),
  statusLabel: Type.String(),
  nextStep: Type.String(),
  type: Type.String(),
  value: Type.String(),
  ground: Type.Enum(APPEAL_GROUNDS),
  submittedAt: Time,
  evidenceCount: Type.Integer(),
  decision: Type.Union([Type.Object({ reason: Type.String(), decidedAt: Time }), Type.Null()]),
});

export const AppealListQuery = Type.Object(
  {
    status: Type.Optional(Type.Enum(APPEAL_STATUSES)),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
  },
  { additionalProperties: false },
);

// What every staff view of an appeal starts with: which appeal, its state, and what it asks about.
const appealHead = {
  id: Type.String(),
  ticket: Type.String(),
  status: Type.Enum(APPEAL_STATUSES),
  type: Type.String(),
  value: Type.String(),
  ground: Type.Enum(APPEAL_GROUNDS),
};

const AppealSummary = Type.Object({
  ...appealHead,
  createdAt: Time,
  decidedAt: NullableTime,
  evidenceCount: Type.Integer(),
});

export const AppealList = Type.Object({ total: Type.Integer(), items: Type.Array(AppealSummary) });

const HistoryLine = Type.Object({ serial: Type.Integer(), action: Type.String(), status: Type.String(), verdict: Type.String(), actorName: Type.String(), note: NullableString, at: Time });

const Listing = Type.Object({
  id: Type.String(),
  source: Type.String(),
  sourceKey: Type.String(),
  sourceRef: NullableString,
  verdict: Type.String(),
  categories: Type.Array(Type.String()),
  confidence: Type.Integer(),
  status: Type.String(),
  firstSeen: Time,
  lastVerified: Time,
  expiresAt: NullableTime,
  history: Type.Array(HistoryLine),
});

/** What staff see of an appeal: the appellant's name and statement, never the contact. */
export const AppealDetail = Type.Object({
  ...appealHead,
  statement: Type.String(),
  appellantName: Type.String(),
  hasContact: Type.Boolean(),
  locale: Type.String(),
  createdAt: Time,
  decision: Type.Union([Type.Object({ status: Type.String(), reason: Type.String(), decidedByName: NullableString, decidedAt: Time }), Type.Null()]),
  evidence: Type.Array(Type.Object({ id: Type.String(), contentType: Type.String(), size: Type.Integer(), fileName: Type.String(), url: Type.String() })),
  listings: Type.Array(Listing),
  otherAppeals: Type.Array(Type.Object({ id: Type.String(), status: Type.String(), createdAt: Time })),
});

export const DecisionBody = Type.Object(
  {
    decision: Type.Enum(APPEAL_DECISIONS, { description: 'grant: delist the value from every source; refuse: it stays listed' }),
    reason: Type.String({ minLength: 1, maxLength: APPEAL_LIMITS.reason, description: 'shown to the appellant' }),
  },
  { additionalProperties: false },
);
