// The takedown pages: the recipient's inbox and request page with its forms, the authority's list,
// request page and issue form, and the public transparency page. Thin routes: the module's use
// cases do the work.
import type { AppInstance } from '../../../core/http/types.ts';
import type { PageDeps } from './components.tsx';
import { registerInboxPage } from './inbox-page.tsx';
import { registerIssuePages } from './issue-routes.tsx';
import { registerIssuedPages } from './issued-pages.tsx';
import { registerRecipientPage } from './recipient-page.tsx';
import { registerTransparencyPage } from './transparency-page.tsx';

/** Every page of the takedowns module. */
export function registerTakedownPages(app: AppInstance, deps: PageDeps): void {
  registerInboxPage(app, deps);
  registerRecipientPage(app, deps);
  // The issue form before the request page, so `/takedowns/new` reads as a path of its own.
  registerIssuePages(app, deps);
  registerIssuedPages(app, deps);
  registerTransparencyPage(app, deps);
}
