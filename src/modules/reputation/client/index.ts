// Public surface of the lookup client: portable TypeScript (fetch, Web Crypto, URL, TextEncoder)
// that a browser extension or a DNS resolver can bundle. Nothing here imports a Node module.
export { LookupClient, LookupClientError } from './lookup-client.ts';
export type { LookupAnswer, LookupClientOptions, LookupMatch, SyncResult } from './lookup-client.ts';
export { normalizeTarget } from './normalize.ts';
export type { LookupTarget, Normalize } from './normalize.ts';
export { HASH_SCOPES, HASH_VERDICTS, addressExpression, exactExpression, hostExpression, rangeExpression } from './expressions.ts';
export type { HashScope, HashVerdict } from './expressions.ts';
export { planOf, specificityOf } from './plan.ts';
export { TargetError } from '../../targets/portable.ts';
