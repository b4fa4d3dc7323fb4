// TypeBox schemas of the feeds and the deployment reports.
import { Type } from 'typebox';
import { DEPLOYABLE_FEEDS } from './deployments.ts';

const serial = (description: string) => Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description });
const Timestamp = Type.String({ format: 'date-time' });
const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);

// Extra query parameters are tolerated: feed fetchers add cache-busters.
export const FeedQuery = Type.Object({
  since: Type.Optional(serial('CSV and JSON only: the listings changed after this serial (x-antoan-serial of your last download), with their status')),
});

export const DeploymentBody = Type.Object(
  {
    feed: Type.Enum(DEPLOYABLE_FEEDS),
    serial: serial('the x-antoan-serial of the list deployed (the RPZ SOA serial is the same until it wraps at 2^32)'),
    orgId: Type.Optional(Type.String({ format: 'uuid', description: 'defaults to the caller’s own telecom organisation' })),
  },
  { additionalProperties: false },
);

export const DeploymentView = Type.Object({
  id: Type.Integer(),
  orgId: Type.String(),
  feed: Type.String(),
  serial: Type.Integer(),
  reportedAt: Timestamp,
  currentSerial: Type.Integer(),
  lagSerials: Type.Integer(),
});

export const DeploymentLagList = Type.Object({
  currentSerial: Type.Integer(),
  generatedAt: Timestamp,
  telecoms: Type.Array(
    Type.Object({
      orgId: Type.String(),
      slug: Type.String(),
      name: Type.String(),
      deployedSerial: Type.Union([Type.Integer(), Type.Null()]),
      reportedAt: NullableTimestamp,
      lagSerials: Type.Integer(),
      behindSince: NullableTimestamp,
      lagSeconds: Type.Integer(),
    }),
  ),
});
