// What the hash API publishes and how a hit counts: the one definition that the server (which
// hashes every active indicator) and the client (which hashes what it looks up) share.
//
// An expression is a short string; its SHA-256 (of the UTF-8 bytes) is what is published.
//
// | indicator                      | expression                  | scope        | counts for                         |
// |--------------------------------|-----------------------------|--------------|------------------------------------|
// | url `http://a.b.vn/x?y`        | `a.b.vn/x?y`                | `url`        | a URL with that Safe Browsing expression (host suffix × path prefix), on a host of its site |
// | domain `a.b.vn`                | `a.b.vn/`                   | `host`       | that host only (not its subdomains) |
// | domain `*.b.vn`                | `b.vn/`                     | `subdomains` | b.vn and every host under it        |
// | ip `1.2.3.4`, `2001:db8::1`    | `ip:1.2.3.4`                | `exact`      | that address (also as a URL's host) |
// | ip `10.0.0.0/8`                | `cidr:10.0.0.0/8`           | `range`      | every address and range inside it   |
// | phone, bank_account, social_account, email, file_hash, text | `<type>:<normal form>` (`phone:+84912345678`, `bank_account:VCB:0123456789`) | `exact` | that value |
//
// A URL listing and a domain listing on the same host can share an expression (`a.b.vn/`); the
// scope says which is which. CIDR ranges are published too: a client tries every covering
// prefix of an address (33 for IPv4, 129 for IPv6) — hashing is local and cheap, and only the
// prefixes that hit the downloaded list ever reach the server.

export const HASH_SCOPES = ['url', 'host', 'subdomains', 'exact', 'range'] as const;
/** How a published hash counts when a client finds it among its own expressions (see the table above). */
export type HashScope = (typeof HASH_SCOPES)[number];

export const HASH_VERDICTS = ['dangerous', 'suspicious', 'trusted'] as const;
export type HashVerdict = (typeof HASH_VERDICTS)[number];

/** The expression of a host: a domain listing, or a host being looked up (`example.com/`). */
export function hostExpression(host: string): string {
  return `${host}/`;
}

/** The expression of a single IP address in normal form (`ip:1.2.3.4`, `ip:2001:db8::1`). */
export function addressExpression(address: string): string {
  return `ip:${address}`;
}

/** The expression of a CIDR range in normal form (`cidr:10.0.0.0/8`). */
export function rangeExpression(network: string, length: number): string {
  return `cidr:${network}/${length}`;
}

/** The expression of a value of an exact-match type: phone, bank_account, social_account, email, file_hash, text (`phone:+84912345678`). */
export function exactExpression(type: string, value: string): string {
  return `${type}:${value}`;
}
