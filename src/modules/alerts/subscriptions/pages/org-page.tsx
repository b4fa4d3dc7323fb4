// The organisation admin's notification addresses (GET /org/notifications): the addresses its
// events are emailed to besides its contact address, a remove button for each, and the add form.
// `?org=` picks the organisation (a national admin's choice); otherwise the first one the user
// administers. The forms post back and return here (303).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../../../core/errors.ts';
import type { AppInstance } from '../../../../core/http/types.ts';
import type { Locale } from '../../../../core/i18n.ts';
import { isUuid } from '../../../../core/validate.ts';
import { Alert, Card, Checkboxes, CsrfField, DataTable, ErrorSummary, Field, PageHeader, SubmitButton, type Column } from '../../../../web/components.tsx';
import { formList, formSchema, formString, type FormBody } from '../../../../web/forms.ts';
import type { Html } from '../../../../web/jsx/jsx-runtime.ts';
import { Layout, type PageContext } from '../../../../web/layout.tsx';
import { localeOf, pageContext, sendPage, withQuery } from '../../../../web/page-context.ts';
import { formatTime } from '../../../identity/admin-pages.tsx';
import { contextOf } from '../../../identity/http.ts';
import { can, effectiveMemberships, organizationById, requireUserPage, type Context } from '../../../identity/index.ts';
import type { AlertsDeps } from '../../deps.ts';
import { ORG_EVENT_TYPES, type OrgEventType } from '../../engine/model.ts';
import { addOrgEmail, listOrgEmails, removeOrgEmail } from '../org-emails.ts';
import type { OrgEmailRow } from '../repository.ts';
import { subscriptionMessage as m, type SubscriptionMessage } from './messages.ts';

const PAGE = '/org/notifications';
const EVENT_LABELS: Record<OrgEventType, SubscriptionMessage> = {
  'takedown.issued': 'event_takedown_issued',
  'takedown.reminder': 'event_takedown_reminder',
  'takedown.restore': 'event_takedown_restore',
  'advisory.published': 'event_advisory_published',
};
const PageQuery = Type.Object({ org: Type.Optional(Type.String({ maxLength: 100 })), done: Type.Optional(Type.String({ maxLength: 20 })), lang: Type.Optional(Type.String({ maxLength: 10 })) });
const AddForm = formSchema(['org', 'address', 'eventTypes']);
const RemoveForm = formSchema(['org']);
const RemoveParams = Type.Object({ subscriptionId: Type.String({ format: 'uuid' }) });

/** An event type's label; an unknown one as written. */
function eventLabel(type: string, l: Locale): string {
  const known = ORG_EVENT_TYPES.find((t) => t === type);
  return known === undefined ? type : m(l, EVENT_LABELS[known]);
}

/** A failed add: what was sent and what is wrong (`_form` for the whole form). */
type AddState = { values: FormBody; errors: Record<string, string>; status: number };

/** The organisation asked for, else the first the user may manage; "not found" for an id that is not one. */
function orgOf(ctx: Context, asked: string | undefined): string {
  if (asked !== undefined && asked !== '') {
    if (!isUuid(asked)) throw new AppError('NOT_FOUND');
    return asked;
  }
  const own = effectiveMemberships(ctx.actor).find((membership) => can(ctx.actor, 'org_notifications.manage', membership.orgId));
  if (own === undefined) throw new AppError('FORBIDDEN');
  return own.orgId;
}

function AddressTable(props: { rows: readonly OrgEmailRow[]; orgId: string; csrf: string; l: Locale }): Html {
  const { l } = props;
  const columns: Column<'address' | 'events' | 'added' | 'actions'>[] = [
    { key: 'address', label: m(l, 'colAddress') },
    { key: 'events', label: m(l, 'colEvents') },
    { key: 'added', label: m(l, 'colAdded') },
    { key: 'actions', label: m(l, 'colActions') },
  ];
  const rows = props.rows.map((row) => ({
    address: row.address,
    events: row.eventTypes.map((type) => eventLabel(type, l)).join(', '),
    added: <time datetime={row.createdAt.toISOString()}>{formatTime(row.createdAt, l)}</time>,
    actions: (
      <form method="post" action={`${PAGE}/addresses/${row.id}/remove`}>
        <CsrfField token={props.csrf} />
        <input type="hidden" name="org" value={props.orgId} />
        <button type="submit" class="button button-secondary" aria-label={m(l, 'removeLabel', { address: row.address })}>{m(l, 'remove')}</button>
      </form>
    ),
  }));
  return <DataTable caption={m(l, 'orgCaption')} columns={columns} rows={rows} empty={m(l, 'orgEmpty')} />;
}

function OrgNotificationsPage(props: { ctx: PageContext; orgId: string; orgName: string; rows: readonly OrgEmailRow[]; state: AddState | null }): Html {
  const { ctx, state } = props;
  const l = ctx.locale;
  const { _form: whole, ...fields } = state?.errors ?? {};
  const chosen = state === null ? ['advisory.published'] : formList(state.values, 'eventTypes');
  return (
    <Layout ctx={ctx} title={m(l, 'orgTitle')} wide>
      <PageHeader title={m(l, 'orgTitle')} lead={m(l, 'orgLead', { org: props.orgName })} />
      <AddressTable rows={props.rows} orgId={props.orgId} csrf={ctx.csrfToken} l={l} />
      <Card title={m(l, 'addTitle')}>
        {whole === undefined ? null : <Alert kind="error">{whole}</Alert>}
        <ErrorSummary title={m(l, 'orgErrors')} errors={Object.entries(fields).map(([field, message]) => ({ field, message }))} />
        <form method="post" action={`${PAGE}/addresses`} class="form">
          <CsrfField token={ctx.csrfToken} />
          <input type="hidden" name="org" value={props.orgId} />
          <Field name="address" type="email" label={m(l, 'addressLabel')} required autocomplete="email" maxlength={254} value={state === null ? undefined : formString(state.values, 'address')} error={fields.address} />
          <Checkboxes name="eventTypes" legend={m(l, 'eventsLegend')} error={fields.eventTypes} values={chosen} options={ORG_EVENT_TYPES.map((type) => ({ value: type, label: m(l, EVENT_LABELS[type]) }))} />
          <SubmitButton>{m(l, 'add')}</SubmitButton>
        </form>
      </Card>
    </Layout>
  );
}

/** The organisation's notification addresses page and its two forms. */
export function registerOrgNotificationsPage(app: AppInstance, deps: AlertsDeps): void {
  const { database, clock } = deps;

  const render = async (request: FastifyRequest, reply: FastifyReply, asked: string | undefined, state: AddState | null, done?: string) => {
    const ctx = contextOf(request, clock);
    const orgId = orgOf(ctx, asked);
    const rows = await listOrgEmails(database.db, ctx, orgId);
    const org = await organizationById(database.db, orgId);
    const l = localeOf(request);
    const flash = done === 'added' || done === 'removed' ? { kind: 'success' as const, message: m(l, done) } : null;
    return sendPage(reply, <OrgNotificationsPage ctx={pageContext(request, flash)} orgId={orgId} orgName={org?.name ?? ''} rows={rows} state={state} />, state?.status ?? 200);
  };
  const back = (orgId: string, done: string) => withQuery(PAGE, `org=${orgId}`, `done=${done}`);

  app.get(PAGE, { schema: { tags: ['pages'], summary: 'Where the organisation’s notifications are emailed, besides its contact address (its admins)', querystring: PageQuery } }, async (request, reply) => {
    if (requireUserPage(request, reply) === null) return reply;
    return render(request, reply, request.query.org, null, request.query.done);
  });

  app.post(`${PAGE}/addresses`, { config: { csrf: 'form' }, schema: { tags: ['pages'], summary: 'Add a notification address (form)', body: AddForm } }, async (request, reply) => {
    if (requireUserPage(request, reply) === null) return reply;
    const ctx = contextOf(request, clock);
    const body = request.body;
    const orgId = orgOf(ctx, formString(body, 'org'));
    const l = localeOf(request);
    const asked = formList(body, 'eventTypes');
    const eventTypes = ORG_EVENT_TYPES.filter((type) => asked.includes(type));
    if (eventTypes.length === 0 || eventTypes.length !== new Set(asked).size) return render(request, reply, orgId, { values: body, errors: { eventTypes: m(l, 'eventsInvalid') }, status: 400 });
    try {
      await database.transaction((tx) => addOrgEmail(tx.db, ctx, orgId, { address: formString(body, 'address') ?? '', eventTypes }));
    } catch (error) {
      if (!(error instanceof AppError) || (error.code !== 'VALIDATION_FAILED' && error.code !== 'CONFLICT')) throw error;
      const errors: Record<string, string> = error.code === 'CONFLICT' ? { _form: m(l, 'addConflict') } : { address: m(l, 'emailInvalid') };
      return render(request, reply, orgId, { values: body, errors, status: error.status });
    }
    return reply.redirect(back(orgId, 'added'), 303);
  });

  app.post(`${PAGE}/addresses/:subscriptionId/remove`, { config: { csrf: 'form' }, schema: { tags: ['pages'], summary: 'Remove a notification address (form)', params: RemoveParams, body: RemoveForm } }, async (request, reply) => {
    if (requireUserPage(request, reply) === null) return reply;
    const ctx = contextOf(request, clock);
    const orgId = orgOf(ctx, formString(request.body, 'org'));
    await database.transaction((tx) => removeOrgEmail(tx.db, ctx, orgId, request.params.subscriptionId));
    return reply.redirect(back(orgId, 'removed'), 303);
  });
}
