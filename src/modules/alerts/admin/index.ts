// The notification views: the national delivery log with its dead letters (API and pages), the
// template previews, and every user's in-app inbox (API and page).
import type { AppInstance } from '../../../core/http/types.ts';
import type { AlertsDeps } from '../deps.ts';
import { registerDetailPage } from './detail-page.tsx';
import { registerInboxPage } from './inbox-page.tsx';
import { registerLogPage } from './log-page.tsx';
import { registerNotificationApi } from './routes.ts';
import { registerTemplatePages } from './template-pages.tsx';

/** The notification admin views, the template preview and the in-app inbox. */
export function registerNotificationAdmin(app: AppInstance, deps: AlertsDeps): void {
  registerNotificationApi(app, deps);
  registerLogPage(app, deps);
  // The templates' pages before the page of one notification, so `/templates` reads as a path of its own.
  registerTemplatePages(app, deps);
  registerDetailPage(app, deps);
  registerInboxPage(app, deps);
}
