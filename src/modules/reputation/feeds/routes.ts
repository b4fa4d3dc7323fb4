// Feeds: RPZ (token), hosts, domains.txt, AdBlock, CSV, JSON; deployment reports (issue 4 §5).
import type { AppInstance } from '../../../core/http/types.ts';
import type { ReputationDeps } from '../routes.ts';

export function registerFeedRoutes(_app: AppInstance, _deps: ReputationDeps): void {}
