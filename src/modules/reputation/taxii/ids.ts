// Stable identifiers for what the threat-intelligence feeds publish: name-based UUIDs (RFC 4122
// §4.3, version 5) under antoan's own namespace, so an object keeps its id across requests,
// processes and restarts without storing anything.
import { createHash } from 'node:crypto';

/**
 * antoan's UUIDv5 namespace (a fixed random UUID). STIX 2.1 §2.9 forbids the OASIS SCO namespace
 * (00abedb4-…) for anything else, so everything we derive lives under this one.
 */
export const ANTOAN_NAMESPACE = 'c1bc495b-7c04-4c32-b569-b583eb9200a6';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** True for a UUID in canonical lower-case form. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** The version-5 UUID of `name` in `namespace` (SHA-1, RFC 4122 §4.3). */
export function uuidv5(namespace: string, name: string): string {
  if (!isUuid(namespace)) throw new Error('namespace must be a lower-case UUID');
  const hash = createHash('sha1').update(Buffer.from(namespace.replaceAll('-', ''), 'hex')).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** antoan as a STIX identity (the `created_by_ref` of every indicator). */
export const ANTOAN_IDENTITY_ID = `identity--${uuidv5(ANTOAN_NAMESPACE, 'identity:antoan')}`;

/** The one TAXII collection of indicators. */
export const COLLECTION_ID = uuidv5(ANTOAN_NAMESPACE, 'taxii-collection:antoan-indicators');
export const COLLECTION_ALIAS = 'antoan-indicators';

/** antoan as a MISP organisation (Orgc). */
export const MISP_ORG_UUID = uuidv5(ANTOAN_NAMESPACE, 'misp-org:antoan');

/**
 * The UUID of a listing's life after its n-th reinstatement (the reinstating change's serial).
 * The first life uses the indicator's own id (a random UUIDv4, as STIX 2.1 recommends for SDOs).
 */
export function lifeUuid(indicatorId: string, reinstatedSerial: number): string {
  return uuidv5(ANTOAN_NAMESPACE, `indicator-life:${indicatorId}:${reinstatedSerial}`);
}

/** The MISP event of the listings first seen on a Vietnam calendar day (YYYY-MM-DD). */
export function mispEventUuid(day: string): string {
  return uuidv5(ANTOAN_NAMESPACE, `misp-event:${day}`);
}

/** A STIX bundle id that names its content (the serials it covers), so equal content has an equal id. */
export function bundleId(kind: 'full' | 'delta', from: number, to: number): string {
  return `bundle--${uuidv5(ANTOAN_NAMESPACE, `bundle:${kind}:${from}:${to}`)}`;
}
