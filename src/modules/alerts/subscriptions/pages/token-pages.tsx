// The pages a subscriber reaches from an email. Following a link only shows a page with a button:
// mail scanners open links before people do, and must not confirm or unsubscribe anyone. The
// button POSTs. The unsubscribe POST is also RFC 8058's one-click request, which a mail provider
// sends from its own servers with `List-Unsubscribe=One-Click`, no cookie and no CSRF token: the
// signed token in the address is all the authority it needs, so that route ignores any session.
// A wrong token gets the same "cannot be used" page (404) whatever is wrong with it.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../../../core/errors.ts';
import { noReferrer } from '../../../../core/http/security.ts';
import type { AppInstance } from '../../../../core/http/types.ts';
import { bodyDefaultsToEmpty } from '../../../../core/http/validation.ts';
import { CsrfField, DefinitionList, PageHeader, SubmitButton } from '../../../../web/components.tsx';
import type { Html } from '../../../../web/jsx/jsx-runtime.ts';
import { Layout, type PageContext } from '../../../../web/layout.tsx';
import { langParam, pageContext, sendPage, withQuery } from '../../../../web/page-context.ts';
import { SESSION_COOKIE } from '../../../identity/http.ts';
import type { AlertsDeps } from '../../deps.ts';
import { confirmSubscription, previewConfirmation, unsubscribe, unsubscribeTokenValid } from '../citizens.ts';
import { categoriesText, severityLabel } from '../mail-words.ts';
import type { Choices } from '../model.ts';
import { subscriptionMessage as m, type SubscriptionMessage } from './messages.ts';

const TokenQuery = Type.Object({ token: Type.Optional(Type.String({ maxLength: 1000 })), lang: Type.Optional(Type.String({ maxLength: 10 })) });
const LangQuery = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 10 })) });
const ConfirmForm = Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 200 })), token: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false });
// RFC 8058's body; the page's own button sends the same.
const OneClickForm = Type.Object({ 'List-Unsubscribe': Type.Optional(Type.String({ maxLength: 20 })) }, { additionalProperties: false });
const PAGE_RATE_LIMIT = { max: 120, timeWindow: 60_000 };

/** A page of a title, a lead and what follows. */
function Message(props: { ctx: PageContext; title: SubscriptionMessage; lead: SubscriptionMessage; children?: Html }): Html {
  const l = props.ctx.locale;
  return (
    <Layout ctx={props.ctx} title={m(l, props.title)}>
      <PageHeader title={m(l, props.title)} lead={m(l, props.lead)} />
      {props.children}
    </Layout>
  );
}

function ConfirmPage(props: { ctx: PageContext; token: string; choices: Choices; action: string }): Html {
  const l = props.ctx.locale;
  const { choices } = props;
  return (
    <Message ctx={props.ctx} title="confirmTitle" lead="confirmLead">
      <>
        <DefinitionList
          items={[
            { term: m(l, 'choiceCategories'), description: categoriesText(choices.categories, l) },
            { term: m(l, 'choiceSeverity'), description: severityLabel(choices.minSeverity, l) },
            { term: m(l, 'choiceLocale'), description: choices.locale === 'vi' ? 'Tiếng Việt' : 'English' },
          ]}
        />
        <form method="post" action={props.action} class="form">
          <CsrfField token={props.ctx.csrfToken} />
          <input type="hidden" name="token" value={props.token} />
          <SubmitButton>{m(l, 'confirmButton')}</SubmitButton>
        </form>
      </>
    </Message>
  );
}

function UnsubscribePage(props: { ctx: PageContext; action: string }): Html {
  return (
    <Message ctx={props.ctx} title="unsubscribeTitle" lead="unsubscribeLead">
      <form method="post" action={props.action} class="form">
        <input type="hidden" name="List-Unsubscribe" value="One-Click" />
        <SubmitButton variant="danger">{m(props.ctx.locale, 'unsubscribeButton')}</SubmitButton>
      </form>
    </Message>
  );
}

/** The "cannot be used" page: the same for every wrong, used or expired link. */
function invalidLink(request: FastifyRequest, reply: FastifyReply, lead: SubscriptionMessage): FastifyReply {
  const ctx = pageContext(request);
  return sendPage(
    reply,
    <Message ctx={ctx} title="linkInvalidTitle" lead={lead}>
      <p><a href={withQuery('/subscribe', langParam(request))}>{m(ctx.locale, 'subscribeAgain')}</a></p>
    </Message>,
    404,
  );
}

/** Run a token step; "not found" becomes the invalid-link page. */
async function orInvalid(request: FastifyRequest, reply: FastifyReply, lead: SubscriptionMessage, step: () => Promise<FastifyReply>): Promise<FastifyReply> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND') return invalidLink(request, reply, lead);
    throw error;
  }
}

/** The confirm and unsubscribe pages. */
export function registerTokenPages(app: AppInstance, deps: AlertsDeps): void {
  const { database, clock, box } = deps;
  const confirmAction = (request: FastifyRequest) => withQuery('/subscriptions/confirm', langParam(request));

  app.get('/subscriptions/confirm', { onSend: noReferrer, config: { rateLimit: PAGE_RATE_LIMIT }, schema: { tags: ['pages'], summary: 'Confirm an advisory subscription: the page with the button (the link in the confirmation email)', querystring: TokenQuery } }, (request, reply) =>
    orInvalid(request, reply, 'linkInvalidText', async () => {
      const token = request.query.token ?? '';
      const choices = await previewConfirmation(database.db, token, clock.now());
      return sendPage(reply, <ConfirmPage ctx={pageContext(request)} token={token} choices={choices} action={confirmAction(request)} />);
    }),
  );

  app.post('/subscriptions/confirm', { onSend: noReferrer, config: { csrf: 'form', rateLimit: PAGE_RATE_LIMIT }, schema: { tags: ['pages'], summary: 'Confirm an advisory subscription (form)', querystring: TokenQuery, body: ConfirmForm } }, (request, reply) =>
    orInvalid(request, reply, 'linkInvalidText', async () => {
      await database.transaction((tx) => confirmSubscription(tx.db, request.body.token ?? '', clock.now()));
      return reply.redirect(withQuery('/subscriptions/confirmed', langParam(request)), 303);
    }),
  );

  app.get('/subscriptions/confirmed', { schema: { tags: ['pages'], summary: 'After confirming a subscription', querystring: LangQuery } }, (request, reply) =>
    sendPage(reply, <Message ctx={pageContext(request)} title="confirmedTitle" lead="confirmedText" />),
  );

  app.get('/subscriptions/unsubscribe', { onSend: noReferrer, schema: { tags: ['pages'], summary: 'Unsubscribe from advisories: the page with the button (the link in every advisory email)', querystring: TokenQuery } }, (request, reply) => {
    const token = request.query.token ?? '';
    if (!unsubscribeTokenValid(box, token)) return invalidLink(request, reply, 'unsubscribeInvalidText');
    const action = withQuery('/subscriptions/unsubscribe', `token=${encodeURIComponent(token)}`, langParam(request));
    return sendPage(reply, <UnsubscribePage ctx={pageContext(request)} action={action} />);
  });

  app.post(
    '/subscriptions/unsubscribe',
    {
      // Before authentication: this request acts on its token alone, never as whoever is logged in.
      onRequest: async (request) => {
        delete request.cookies[SESSION_COOKIE];
      },
      onSend: noReferrer,
      preValidation: bodyDefaultsToEmpty,
      schema: { tags: ['pages'], summary: 'Unsubscribe (RFC 8058 one-click: urlencoded `List-Unsubscribe=One-Click`, no cookie or CSRF token; also the page’s button). Idempotent.', querystring: TokenQuery, body: OneClickForm },
    },
    (request, reply) =>
      orInvalid(request, reply, 'unsubscribeInvalidText', async () => {
        await database.transaction((tx) => unsubscribe(tx.db, box, request.query.token ?? '', clock.now()));
        return sendPage(reply, <Message ctx={pageContext(request)} title="unsubscribedTitle" lead="unsubscribedText" />);
      }),
  );
}
