// The subscription API: a citizen asks for advisories by email (the answer never says whether the
// address was already subscribed), and an organisation's admins manage the extra addresses its
// events go to. Pages are in ./pages/.
import type { AppInstance } from '../../../core/http/types.ts';
import { contextOf } from '../../identity/http.ts';
import type { AlertsDeps } from '../deps.ts';
import { requestSubscription } from './citizens.ts';
import { DEFAULT_CHOICES } from './model.ts';
import { addOrgEmail, listOrgEmails, removeOrgEmail } from './org-emails.ts';
import type { OrgEmailRow } from './repository.ts';
import * as S from './schema.ts';

/** The one answer to a subscription request. */
export const ACCEPTED = { status: 'accepted', message: 'If this address can receive advisories, a confirmation email is on its way. Follow its link within 7 days.' } as const;

/** An organisation's email subscription as the API shows it. */
export const presentOrgEmail = (row: OrgEmailRow) => ({ id: row.id, address: row.address, eventTypes: row.eventTypes, createdAt: row.createdAt.toISOString() });

/** The per-client limit of the public subscription request: the report form's. */
export const subscribeRateLimit = (deps: Pick<AlertsDeps, 'config'>) => ({ max: deps.config.reportRateLimit.max, timeWindow: deps.config.reportRateLimit.windowSeconds * 1000 });

/** The subscription API routes. */
export function registerSubscriptionRoutes(app: AppInstance, deps: AlertsDeps): void {
  const { database, clock } = deps;
  const tags = ['subscriptions'];

  app.post(
    '/api/v1/subscriptions',
    {
      config: { rateLimit: subscribeRateLimit(deps) },
      schema: {
        tags,
        summary: 'Subscribe an email address to public advisories (double opt-in: a confirmation email is sent). Always 202 with the same body: it never tells whether the address was subscribed already.',
        body: S.SubscribeBody,
        response: { 202: S.Accepted },
      },
    },
    async (request, reply) => {
      const { email, categories, minSeverity, locale } = request.body;
      const choices = { categories: [...new Set(categories ?? DEFAULT_CHOICES.categories)], minSeverity: minSeverity ?? DEFAULT_CHOICES.minSeverity, locale: locale ?? DEFAULT_CHOICES.locale };
      await database.transaction((tx) => requestSubscription(tx.db, deps, email, choices, clock.now()));
      return reply.status(202).send(ACCEPTED);
    },
  );

  app.get(
    '/api/v1/orgs/:orgId/email-subscriptions',
    { schema: { tags, summary: 'The addresses the organisation’s events are emailed to, besides its contact address (its admins)', params: S.OrgParams, response: { 200: S.OrgEmailList } } },
    async (request) => ({ items: (await listOrgEmails(database.db, contextOf(request, clock), request.params.orgId)).map(presentOrgEmail) }),
  );

  app.post(
    '/api/v1/orgs/:orgId/email-subscriptions',
    { schema: { tags, summary: 'Email an address the organisation’s events of these types (takedown requests, reminders, restorations, advisories)', params: S.OrgParams, body: S.OrgEmailBody, response: { 201: S.OrgEmail } } },
    async (request, reply) => {
      const ctx = contextOf(request, clock);
      const row = await database.transaction((tx) => addOrgEmail(tx.db, ctx, request.params.orgId, request.body));
      return reply.status(201).send(presentOrgEmail(row));
    },
  );

  app.delete('/api/v1/orgs/:orgId/email-subscriptions/:subscriptionId', { schema: { tags, summary: 'Stop emailing an address', params: S.OrgSubscriptionParams } }, async (request, reply) => {
    const ctx = contextOf(request, clock);
    await database.transaction((tx) => removeOrgEmail(tx.db, ctx, request.params.orgId, request.params.subscriptionId));
    return reply.status(204).send();
  });
}
