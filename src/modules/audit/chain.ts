import { createHash } from 'node:crypto';

/** The fields a hash covers, in the order they are written. */
export type ChainedFields = {
  seq: number;
  at: Date;
  actorType: string;
  actorId: string | null;
  actorLabel: string;
  orgId: string | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  summary: unknown;
  requestId: string | null;
};

/** The hash that starts the chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** SHA-256 over the previous hash and the entry's canonical JSON. */
export function entryHash(prevHash: string, fields: ChainedFields): string {
  const canonical = canonicalJson({ ...fields, at: fields.at.toISOString() });
  return createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}

/** JSON with object keys sorted at every depth, so jsonb's reordering does not change the hash. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
