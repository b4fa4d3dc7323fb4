// Who a notification went to, as staff may see it: never an address in full. Email and SMS
// addresses are decrypted only to be masked here (the log must still let an operator tell two
// recipients apart and recognise a typo'd domain); an organisation's contact address is named by
// the organisation, a webhook by its endpoint's host, an inbox by its user's id.
import type { SecretBox } from '../../../core/crypto.ts';
import type { Db } from '../../../core/db.ts';
import { organizationsByIds } from '../../identity/index.ts';
import type { NotificationRow } from '../engine/model.ts';
import { endpointUrlsOf } from '../engine/repository.ts';

const HIDDEN = '***';

/** An email address with all but the first letter of its local part hidden: `n***@example.vn`. */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  if (at <= 0) return HIDDEN;
  return `${address.slice(0, 1)}${HIDDEN}${address.slice(at)}`;
}

/** A phone number with its middle hidden: `+8491***678`; at least four digits are always hidden. */
export function maskPhone(phone: string): string {
  const compact = phone.replace(/\s+/g, '');
  const kept = Math.min(5, compact.length - 7);
  if (kept < 1) return `${HIDDEN}${compact.slice(-2)}`;
  return `${compact.slice(0, kept)}${HIDDEN}${compact.slice(-3)}`;
}

/** A URL's host (with its port), or nothing recognisable when the stored URL does not parse. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return HIDDEN;
  }
}

/** What the recipient labels need besides the rows: the instance's SecretBox. */
export type RecipientDeps = { box: SecretBox };

/** The masked recipient of each row, by row id, with one lookup per kind of reference. */
export async function recipientLabels(db: Db, deps: RecipientDeps, rows: readonly NotificationRow[]): Promise<Map<string, string>> {
  const endpointIds = [...new Set(rows.flatMap((r) => (r.endpointId === null ? [] : [r.endpointId])))];
  const orgIds = [...new Set(rows.flatMap((r) => (r.orgId === null ? [] : [r.orgId])))];
  const urls = await endpointUrlsOf(db, endpointIds);
  const orgs = new Map((await organizationsByIds(db, orgIds)).map((o) => [o.id, o.name]));
  return new Map(rows.map((row) => [row.id, labelOf(row, deps.box, urls, orgs)]));
}

function labelOf(row: NotificationRow, box: SecretBox, urls: Map<string, string>, orgs: Map<string, string>): string {
  if (row.endpointId !== null) {
    const url = urls.get(row.endpointId);
    return url === undefined ? HIDDEN : hostOf(url);
  }
  if (row.userId !== null) return `user:${row.userId}`;
  if (row.addressCiphertext !== null) {
    const address = openAddress(box, row.addressCiphertext);
    if (address === null) return HIDDEN;
    return row.channel === 'sms' ? maskPhone(address) : maskEmail(address);
  }
  // An organisation's contact address, looked up when sending: the organisation names it.
  if (row.orgId !== null) return orgs.get(row.orgId) ?? HIDDEN;
  return HIDDEN;
}

// A row sealed under an older secret must not break the whole log: it shows as hidden.
function openAddress(box: SecretBox, ciphertext: string): string | null {
  try {
    return box.decrypt(ciphertext);
  } catch {
    return null;
  }
}
