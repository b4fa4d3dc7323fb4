// UTS #46 host mapping with Web APIs only, so that the parsers that need it also run in a browser
// extension (reputation/client). Node's own domainToASCII runs the same WHATWG host parser.

/**
 * UTS #46 ASCII form of a host, '' when it has none: the WHATWG `hostname` setter, which is what
 * Node's domainToASCII runs. A setter that fails leaves the old host, so two URLs with different
 * hosts tell a failure (they still differ) from a result (they agree).
 */
export function domainToAscii(domain: string): string {
  const first = new URL('ws://a');
  const second = new URL('ws://b');
  first.hostname = domain;
  second.hostname = domain;
  return first.hostname === second.hostname ? first.hostname : '';
}
