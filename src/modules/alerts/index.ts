/** The alerts module's public surface: advisories, subscriptions and the notification engine. */
import type { AppInstance } from '../../core/http/types.ts';
import { registerNotificationAdmin } from './admin/index.ts';
import { registerAdvisories } from './advisories/index.ts';
import type { AlertsDeps } from './deps.ts';
import { registerSubscriptions } from './subscriptions/index.ts';
import { registerEndpointRoutes } from './endpoints/routes.ts';

export type { AlertsDeps } from './deps.ts';
export { defineTemplate, ORG_EVENT_TYPES, type Channel, type NotificationSpec, type OrgEventType, type Recipient, type Rendered, type Template } from './engine/model.ts';
export { Notifier } from './engine/notifier.ts';
export { TemplateRegistry } from './engine/templates.ts';
export { subscriptionTemplates, subscribeAlerts } from './subscriptions/index.ts';

/** Every route and page of the alerts module. */
export function registerAlerts(app: AppInstance, deps: AlertsDeps): void {
  registerAdvisories(app, deps);
  registerSubscriptions(app, deps);
  registerNotificationAdmin(app, deps);
  registerEndpointRoutes(app, deps);
}
export { notifyOrganization, type OrganizationNotice } from './engine/organizations.ts';
export { deliverDue, backoffMs, MAX_ATTEMPTS, type DeliveryDeps } from './engine/dispatch.ts';
export { createSmsSender, type SmsSender } from './engine/sms.ts';
export { signWebhook, sendWebhook, webhookUrlProblem } from './engine/webhook.ts';
export type { NotificationRow, RenderContext } from './engine/model.ts';
