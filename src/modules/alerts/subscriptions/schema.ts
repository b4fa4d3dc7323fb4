// Request and response schemas of the subscription API: a citizen's subscription request, and an
// organisation's email subscriptions.
import { Type } from 'typebox';
import { LOCALES } from '../../../core/i18n.ts';
import { CATEGORY_CODES } from '../../cases/index.ts';
import { ORG_EVENT_TYPES } from '../engine/model.ts';
import { SEVERITIES, SUBSCRIPTION_LIMITS as L } from './model.ts';

const Id = Type.String({ format: 'uuid' });

export const SubscribeBody = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: L.address }),
    /** None, or an empty list: every category. */
    categories: Type.Optional(Type.Array(Type.Enum([...CATEGORY_CODES]), { maxItems: CATEGORY_CODES.length })),
    minSeverity: Type.Optional(Type.Enum([...SEVERITIES])),
    locale: Type.Optional(Type.Enum([...LOCALES])),
  },
  { additionalProperties: false },
);

/** The same answer to every request, whatever the address's state (nobody learns who is subscribed). */
export const Accepted = Type.Object({ status: Type.Literal('accepted'), message: Type.String() });

export const OrgParams = Type.Object({ orgId: Id });
export const OrgSubscriptionParams = Type.Object({ orgId: Id, subscriptionId: Id });

export const OrgEmailBody = Type.Object(
  {
    address: Type.String({ minLength: 3, maxLength: L.address }),
    eventTypes: Type.Array(Type.Enum([...ORG_EVENT_TYPES]), { minItems: 1, maxItems: ORG_EVENT_TYPES.length }),
  },
  { additionalProperties: false },
);

export const OrgEmail = Type.Object({ id: Id, address: Type.String(), eventTypes: Type.Array(Type.String()), createdAt: Type.String({ format: 'date-time' }) });
export const OrgEmailList = Type.Object({ items: Type.Array(OrgEmail) });
