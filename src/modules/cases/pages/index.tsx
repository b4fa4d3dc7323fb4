import type { AppInstance } from '../../../core/http/types.ts';
import type { CasesDeps } from '../routes.ts';
import { registerCaseActions } from './case-actions.ts';
import { registerCasePage } from './case-page.tsx';
import { registerQueuePages } from './queue-page.tsx';

/** The staff pages of the cases module: the triage queue and the case page with its forms. */
export function registerCasesPages(app: AppInstance, deps: CasesDeps): void {
  registerQueuePages(app, deps);
  registerCasePage(app, deps);
  registerCaseActions(app, deps);
}
