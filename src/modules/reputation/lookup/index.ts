// Public surface of the lookup index: the pure in-memory matcher behind the check, the feeds
// and the hash-prefix API. Fed from the indicator change log; holds no I/O of its own.
export { LookupIndex, urlExpressionOf, verdictOf } from './lookup-index.ts';
export type { Indicator, Match, Verdict } from './lookup-index.ts';
export { parseCidr } from './cidr.ts';
export type { Cidr } from './cidr.ts';
export type { Bucket, HostEntry, Site, UrlEntry } from './sites.ts';
