// The portable surface of the targets module: the parts that use Web APIs only (no `node:`
// module, no Buffer), for code that must also run in a browser — the lookup client in
// reputation/client. They give normal forms; display forms and look-alike flags need Node and
// are only in index.ts's parseTarget. reputation/client/portable.test.ts checks the import graph.
export { TARGET_TYPES, TargetError } from './types.ts';
export type { Target, TargetType } from './types.ts';
export { TARGET_MAX_LENGTH, TARGET_MAX_TEXT_LENGTH, createTargetReader, isTargetType } from './reader.ts';
export type { HostParsers, TargetReader, TypedValue } from './reader.ts';
export { canonicalizeUrl, lookupExpressionsOf, urlLookupExpressions } from './canonical-url.ts';
export type { CanonicalUrl } from './canonical-url.ts';
export { normalizeDomainName, readDomain, registrableDomainOf } from './hostname.ts';
export { readEmailAddress } from './email-address.ts';
export { formatIPv4, formatIPv6 } from './ip.ts';
