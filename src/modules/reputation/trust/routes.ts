// The trust registry: applications, review, directory, badges (issue 4 §6).
import type { AppInstance } from '../../../core/http/types.ts';
import type { ReputationDeps } from '../routes.ts';

export function registerTrustRoutes(_app: AppInstance, _deps: ReputationDeps): void {}
