// Subscriptions: citizens' advisory subscriptions (double opt-in, one-click unsubscribe), the
// fan-out of a published advisory to them and to organisations, and organisations' email
// subscriptions to their event types.
import type { AppInstance } from '../../../core/http/types.ts';
import type { AlertsDeps } from '../deps.ts';
import { registerOrgNotificationsPage } from './pages/org-page.tsx';
import { registerSubscribePage } from './pages/subscribe-page.tsx';
import { registerTokenPages } from './pages/token-pages.tsx';
import { registerSubscriptionRoutes } from './routes.ts';

export { subscribeAlerts } from './fanout.ts';
export { subscriptionTemplates } from './templates.ts';

/** Subscription routes and pages. */
export function registerSubscriptions(app: AppInstance, deps: AlertsDeps): void {
  registerSubscriptionRoutes(app, deps);
  registerSubscribePage(app, deps);
  registerTokenPages(app, deps);
  registerOrgNotificationsPage(app, deps);
}
