// Every route and page of the reputation module, registered in one place.
import type { AppInstance } from '../../core/http/types.ts';
import { registerAppealRoutes } from './appeals/routes.ts';
import { registerFeedRoutes } from './feeds/routes.ts';
import { registerHashRoutes } from './hashes/routes.ts';
import { registerImportRoutes } from './imports/routes.ts';
import { registerReputationPages } from './pages/routes.tsx';
import { registerReputationRoutes, type ReputationDeps } from './routes.ts';
import { registerThreatIntelRoutes } from './taxii/routes.ts';
import { registerTrustRoutes } from './trust/routes.ts';

export function registerReputation(app: AppInstance, deps: ReputationDeps): void {
  registerReputationRoutes(app, deps);
  registerReputationPages(app, deps);
  registerImportRoutes(app, deps);
  registerFeedRoutes(app, deps);
  registerThreatIntelRoutes(app, deps);
  registerHashRoutes(app, deps);
  registerTrustRoutes(app, deps);
  registerAppealRoutes(app, deps);
}
