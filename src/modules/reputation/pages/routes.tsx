// The public check page and the staff indicator pages and API (issue 4 §3).
import type { AppInstance } from '../../../core/http/types.ts';
import type { ReputationDeps } from '../routes.ts';

export function registerReputationPages(_app: AppInstance, _deps: ReputationDeps): void {}
