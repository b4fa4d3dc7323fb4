// STIX 2.1 bundle, TAXII 2.1 and the MISP feed (issue 4 §5).
import type { AppInstance } from '../../../core/http/types.ts';
import type { ReputationDeps } from '../routes.ts';

export function registerThreatIntelRoutes(_app: AppInstance, _deps: ReputationDeps): void {}
