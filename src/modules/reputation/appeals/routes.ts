// Appeals and delisting (issue 4 §7).
import type { AppInstance } from '../../../core/http/types.ts';
import type { ReputationDeps } from '../routes.ts';

export function registerAppealRoutes(_app: AppInstance, _deps: ReputationDeps): void {}
