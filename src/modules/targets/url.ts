// URL targets as the server records them: the Safe Browsing canonical form (canonical-url.ts),
// plus the Unicode display form and the host's flags (IP, IDN, look-alike), which need Node.
import type { CanonicalUrl } from './canonical-url.ts';
import { canonicalizeUrl } from './canonical-url.ts';
import { displayHost, hostFlags } from './domain.ts';
import { registrableDomainOf } from './hostname.ts';
import type { Target, TargetDetails, TargetFlag } from './types.ts';
import { sortFlags } from './types.ts';

/** Parse a url target into its Safe Browsing canonical form (`HTTP://Example.COM/a/../login` → `http://example.com/login`). */
export function parseUrl(input: string): Target {
  const url = canonicalizeUrl(input);
  const { flags, skeleton } = urlHostFlags(url);
  const details: TargetDetails = {
    host: url.host,
    registrableDomain: url.hostKind === 'name' ? registrableDomainOf(url.host) : null,
  };
  if (skeleton !== undefined) details.skeleton = skeleton;
  return { type: 'url', value: url.href, display: displayUrl(url), flags: sortFlags(flags), details };
}

function urlHostFlags(url: CanonicalUrl): { flags: TargetFlag[]; skeleton?: string } {
  if (url.spelling === null) return { flags: url.privateIp ? ['ip_host', 'private_ip'] : ['ip_host'] };
  return hostFlags(url.spelling);
}

function displayUrl(url: CanonicalUrl): string {
  if (url.hostKind !== 'name' || !url.host.includes('xn--')) return url.href;
  return url.href.replace(url.host, displayHost(url.host));
}
