// Privacy-preserving lookups: hash prefixes and the prefix list (issue 4 §4).
import type { AppInstance } from '../../../core/http/types.ts';
import type { ReputationDeps } from '../routes.ts';

export function registerHashRoutes(_app: AppInstance, _deps: ReputationDeps): void {}
