import { Type, type Static } from 'typebox';
import { CATEGORY_CODES } from '../cases/index.ts';
import { TARGET_TYPES } from '../targets/index.ts';
import { PUBLIC_STATUSES, REPORT_LIMITS, REPORT_LOCALES } from './model.ts';

/** `POST /api/v1/reports` (JSON, or the `report` field of a multipart body with `evidence` files). */
export const ReportBody = Type.Object(
  {
    category: Type.Enum(CATEGORY_CODES),
    targets: Type.Array(
      Type.Object({ type: Type.Optional(Type.Enum(TARGET_TYPES)), value: Type.String({ minLength: 1, maxLength: 5000 }) }, { additionalProperties: false }),
      { minItems: 1, maxItems: REPORT_LIMITS.targets },
    ),
    description: Type.String({ maxLength: REPORT_LIMITS.description }),
    contact: Type.Optional(Type.Union([Type.String({ maxLength: 320 }), Type.Null()])),
    /** Let the platform that runs the reported content see the contact (a routed complaint); off unless said. */
    shareContact: Type.Optional(Type.Boolean()),
    province: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
    locale: Type.Optional(Type.Enum(REPORT_LOCALES)),
  },
  { additionalProperties: false },
);
export type ReportBody = Static<typeof ReportBody>;

export const ReportCreated = Type.Object({
  id: Type.String({ format: 'uuid' }),
  ticket: Type.String(),
  status: Type.Literal('received'),
  trackUrl: Type.String(),
});

export const TicketParams = Type.Object({ ticket: Type.String({ minLength: 1, maxLength: 40 }) }, { additionalProperties: false });

const Time = Type.String({ format: 'date-time' });

/** The public status of a report: no personal data. */
export const ReportStatus = Type.Object({
  ticket: Type.String(),
  status: Type.Enum(PUBLIC_STATUSES),
  statusLabel: Type.String(),
  nextStep: Type.String(),
  category: Type.String(),
  submittedAt: Time,
  targets: Type.Array(Type.Object({ type: Type.String(), display: Type.String() })),
  evidenceCount: Type.Integer(),
  question: Type.Union([Type.String(), Type.Null()]),
  decision: Type.Union([
    Type.Object({
      outcome: Type.String(),
      verdict: Type.Union([Type.String(), Type.Null()]),
      categories: Type.Array(Type.String()),
      decisionGround: Type.Union([Type.String(), Type.Null()]),
      legalBasis: Type.Union([Type.String(), Type.Null()]),
      decidedAt: Time,
    }),
    Type.Null(),
  ]),
  history: Type.Array(Type.Object({ kind: Type.String(), text: Type.String(), note: Type.Union([Type.String(), Type.Null()]), at: Time })),
});

export const ReplyBody = Type.Object({ body: Type.String({ minLength: 1, maxLength: REPORT_LIMITS.reply }) }, { additionalProperties: false });
