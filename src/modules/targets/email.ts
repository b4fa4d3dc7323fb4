// Email targets as the server records them: the normal form from email-address.ts, plus the
// Unicode display form of the domain and its look-alike flags (domain.ts, Node).
import { displayHost, hostFlags } from './domain.ts';
import { readEmailAddress } from './email-address.ts';
import { registrableDomainOf } from './hostname.ts';
import type { Target, TargetDetails } from './types.ts';
import { sortFlags } from './types.ts';

/** Parse an email target: `Nguyen.A@Tên-Miền.VN` → `nguyen.a@xn--tn-min-iva0322d.vn`. */
export function parseEmail(input: string): Target {
  const { localPart, host, value } = readEmailAddress(input);
  const { flags, skeleton } = hostFlags(host);
  const details: TargetDetails = { localPart, host: host.ascii, registrableDomain: registrableDomainOf(host.ascii) };
  if (skeleton !== undefined) details.skeleton = skeleton;
  return {
    type: 'email',
    value,
    display: `${localPart}@${displayHost(host.ascii)}`,
    flags: sortFlags(flags),
    details,
  };
}
