// The public check page and the staff indicator pages and API (issue 4 §3).
import type { AppInstance } from '../../../core/http/types.ts';
import { registerIndicatorsApi } from '../indicators-api.ts';
import type { ReputationDeps } from '../routes.ts';
import { registerCheckPage } from './check-page.tsx';
import { registerIndicatorListPage } from './indicator-list-page.tsx';
import { registerIndicatorNewPage } from './indicator-new-page.tsx';
import { registerIndicatorPage } from './indicator-page.tsx';

export function registerReputationPages(app: AppInstance, deps: ReputationDeps): void {
  registerCheckPage(app, deps);
  registerIndicatorListPage(app, deps);
  registerIndicatorNewPage(app, deps);
  registerIndicatorPage(app, deps);
  registerIndicatorsApi(app, deps);
}
