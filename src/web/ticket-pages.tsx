// What the public tracking pages (reports, appeals) share: the page that asks for a ticket and its
// answer, and the notice that a new ticket was just issued. Each module brings its own words and addresses.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ErrorSummary, Field, PageHeader, SubmitButton } from './components.tsx';
import type { Html } from './jsx/jsx-runtime.ts';
import { Layout, type PageContext } from './layout.tsx';
import { langParam, pageContext, sendPage, withQuery } from './page-context.ts';

/** The words of the ticket lookup page, from the module's own messages. */
export type TicketLookupWord = 'lookupTitle' | 'lookupLead' | 'lookupError' | 'ticketLabel' | 'ticketHint' | 'lookupButton';

/** Ask for a ticket; the form goes by GET to `action`, and a link leads back to a new filing. */
export function TicketLookupPage(props: {
  ctx: PageContext;
  words: (key: TicketLookupWord) => string;
  action: string;
  back: { href: string; label: string };
  value?: string | undefined;
  error?: string | undefined;
}): Html {
  const t = props.words;
  return (
    <Layout ctx={props.ctx} title={t('lookupTitle')}>
      <PageHeader title={t('lookupTitle')} lead={t('lookupLead')} />
      <ErrorSummary title={t('lookupError')} errors={props.error === undefined ? [] : [{ field: 'ticket', message: props.error }]} />
      <form method="get" action={props.action} class="form track-lookup">
        <Field name="ticket" label={t('ticketLabel')} hint={t('ticketHint')} required maxlength={60} autocomplete="off" value={props.value} error={props.error} />
        <SubmitButton>{t('lookupButton')}</SubmitButton>
      </form>
      <p class="back-link"><a href={props.back.href}>{props.back.label}</a></p>
    </Layout>
  );
}

/** The notice on a tracking page just after filing: the new ticket, and to keep it. */
export function TicketCreated(props: { ticket: string; words: (key: 'created' | 'createdSave') => string }): Html {
  const t = props.words;
  return (
    <div class="alert alert-success report-created" role="status">
      <p>{t('created')} <strong class="ticket ticket-large">{props.ticket}</strong></p>
      <p>{t('createdSave')}</p>
    </div>
  );
}

/** What a module gives the ticket lookup: how a typed ticket is read, where it leads, and its lookup page. */
export type TicketLookup = {
  normalize: (typed: string) => string | null;
  trackPath: (ticket: string) => string;
  page: (props: { ctx: PageContext; value?: string | undefined; error?: string | undefined }) => Html;
  /** The message for a ticket that cannot be one. */
  invalid: string;
};

/** Answer the lookup form (GET with `?ticket=`): the empty page, the page with a message for a malformed ticket, or a redirect to the ticket's page. */
export function answerTicketLookup(request: FastifyRequest, reply: FastifyReply, typedTicket: string | undefined, lookup: TicketLookup): FastifyReply {
  const Page = lookup.page;
  const typed = typedTicket?.trim() ?? '';
  if (typed === '') return sendPage(reply, <Page ctx={pageContext(request)} />);
  const ticket = lookup.normalize(typed);
  if (ticket === null) return sendPage(reply, <Page ctx={pageContext(request)} value={typed} error={lookup.invalid} />, 400);
  return reply.redirect(withQuery(lookup.trackPath(ticket), langParam(request)), 303);
}
