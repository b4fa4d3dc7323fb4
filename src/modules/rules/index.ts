/** The rules module's public surface. */
export { seedRules, ruleAt, deadlineFor, listRules, addRuleVersion } from './service.ts';
export type { RuleVersion } from './versions.ts';
