/** The rules module's public surface. */
export { seedRules, ruleAt, deadlineFor, deadlineOf, ruleFamily, listRules, addRuleVersion } from './service.ts';
export { valueAt, RuleNotFoundError } from './versions.ts';
export type { RuleVersion } from './versions.ts';
export { vnDate } from './calendar.ts';
