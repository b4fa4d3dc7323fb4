// The reputation module's public surface (tín nhiệm mạng): indicators, the live lookup index,
// the check, and the module's event subscriptions.
export { LookupIndex, urlExpressionOf, verdictOf, parseCidr } from './lookup/index.ts';
export type { Indicator, Match, Verdict, Cidr } from './lookup/index.ts';
export { LiveIndex, openLiveIndex, type IndexedIndicator } from './live-index.ts';
export { checkTarget, checkValue, adviceFor, type CheckResult } from './check.ts';
export { subscribeReputation } from './subscriptions.ts';
export { type ReputationDeps } from './routes.ts';
export { registerReputation } from './register.ts';
export { expireDue } from './listings.ts';
export * from './model.ts';
