// The public subscribe form (GET/POST /subscribe) in the frame every public form shares: the email
// address, categories (none = all), the minimum severity and the language. It works without
// JavaScript, carries a CSRF token and the anti-bot stamp, and is rate-limited like the report
// form. Whatever the address, the visitor is sent to the same "check your inbox" page.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../../../core/errors.ts';
import type { AppInstance } from '../../../../core/http/types.ts';
import type { Locale } from '../../../../core/i18n.ts';
import { Checkboxes, Field, PageHeader, SelectField } from '../../../../web/components.tsx';
import { byField, distinctProblems, formRefusalHandler, formRefusalTest, type FormProblem } from '../../../../web/form-problems.ts';
import { formList, formString, FormValue, type FormBody } from '../../../../web/forms.ts';
import type { Html } from '../../../../web/jsx/jsx-runtime.ts';
import { Layout, type PageContext } from '../../../../web/layout.tsx';
import { langParam, localeOf, pageContext, sendPage, withQuery } from '../../../../web/page-context.ts';
import { PublicFormPage, type PublicFormState, type PublicFormWord } from '../../../../web/public-form.tsx';
import { CATEGORIES, CATEGORY_CODES } from '../../../cases/index.ts';
import { checkFormStamp, issueFormStamp } from '../../../../web/form-stamp.ts';
import type { AlertsDeps } from '../../deps.ts';
import { requestSubscription } from '../citizens.ts';
import { SEVERITY_LABELS } from '../mail-words.ts';
import { DEFAULT_CHOICES, SEVERITIES, SUBSCRIPTION_LIMITS, type Choices } from '../model.ts';
import { subscribeRateLimit } from '../routes.ts';
import { subscriptionMessage as m, type SubscriptionMessage } from './messages.ts';

const Text = (max: number) => Type.Optional(Type.String({ maxLength: max }));
const SubscribeForm = Type.Object(
  { _csrf: Text(200), stamp: Text(100), website: Text(500), email: Text(SUBSCRIPTION_LIMITS.address * 2), categories: Type.Optional(FormValue), minSeverity: Text(40), locale: Text(10) },
  { additionalProperties: false },
);

const isFormRefusal = formRefusalTest();
const FIELD_MESSAGES: Record<string, SubscriptionMessage> = { email: 'emailInvalid', categories: 'categoriesInvalid', minSeverity: 'severityInvalid', locale: 'localeInvalid' };

/** The problems of a refused subscription, tied to the form's fields. */
function subscribeProblems(error: AppError, l: Locale): FormProblem[] {
  return distinctProblems(error, ({ field: raw }): FormProblem => {
    if (error.code === 'FORM_CHECK_FAILED') return { field: '_form', message: m(l, 'formCheckFailed') };
    if (error.code === 'RATE_LIMITED') return { field: '_form', message: m(l, 'rateLimited') };
    const field = (raw ?? '').replace(/^body\.?/, '');
    const key = FIELD_MESSAGES[field];
    return key === undefined ? { field: '_form', message: m(l, 'formInvalid') } : { field, message: m(l, key) };
  });
}

/** The choices a form asks for, or every problem with them. */
function choicesOf(body: FormBody): Choices {
  const wrong = (field: string) => ({ field, message: 'not one of the choices' });
  const asked = formList(body, 'categories');
  const categories = CATEGORY_CODES.filter((c) => asked.includes(c));
  const minSeverity = SEVERITIES.find((s) => s === (formString(body, 'minSeverity') ?? DEFAULT_CHOICES.minSeverity));
  const locale = formString(body, 'locale') === 'en' ? 'en' : formString(body, 'locale') === 'vi' ? 'vi' : undefined;
  const problems = [...(categories.length === new Set(asked).size ? [] : [wrong('categories')]), ...(minSeverity === undefined ? [wrong('minSeverity')] : []), ...(locale === undefined ? [wrong('locale')] : [])];
  if (minSeverity === undefined || locale === undefined || problems.length > 0) throw new AppError('VALIDATION_FAILED', undefined, problems);
  return { categories, minSeverity, locale };
}

// The shared frame asks for evidence words too; this form has no files.
const frameWords =
  (l: Locale) =>
  (key: PublicFormWord): string =>
    key === 'evidenceLabel' || key === 'evidenceHint' || key === 'evidenceAgain' ? '' : m(l, key);

/** `/subscribe`: the whole form page. */
export function SubscribePage(props: { ctx: PageContext; state: PublicFormState }): Html {
  const { ctx, state } = props;
  const l = ctx.locale;
  const errors = byField(state.problems);
  const value = (name: string) => formString(state.values, name);
  return (
    <PublicFormPage ctx={ctx} state={state} words={frameWords(l)} trackHref="/advisories" formClass="subscribe-form">
      <Field name="email" type="email" label={m(l, 'emailLabel')} hint={m(l, 'emailHint')} required autocomplete="email" maxlength={SUBSCRIPTION_LIMITS.address} value={value('email')} error={errors.email} />
      <Checkboxes name="categories" legend={m(l, 'categoriesLegend')} hint={m(l, 'categoriesHint')} error={errors.categories} values={formList(state.values, 'categories')} options={CATEGORY_CODES.map((code) => ({ value: code, label: CATEGORIES[code][l] }))} />
      <SelectField name="minSeverity" label={m(l, 'severityLabel')} hint={m(l, 'severityHint')} value={value('minSeverity') ?? DEFAULT_CHOICES.minSeverity} error={errors.minSeverity} options={SEVERITIES.map((s) => ({ value: s, label: SEVERITY_LABELS[s][l] }))} />
      <Checkboxes type="radio" name="locale" legend={m(l, 'localeLegend')} required error={errors.locale} values={[value('locale') ?? l]} options={[{ value: 'vi', label: 'Tiếng Việt' }, { value: 'en', label: 'English' }]} />
    </PublicFormPage>
  );
}

/** `/subscribe/sent`: the same page for every address. */
function SentPage(props: { ctx: PageContext }): Html {
  const l = props.ctx.locale;
  return (
    <Layout ctx={props.ctx} title={m(l, 'sentTitle')}>
      <PageHeader title={m(l, 'sentTitle')} lead={m(l, 'sentText')} />
      <p>{m(l, 'sentIgnore')}</p>
      <p><a href="/advisories">{m(l, 'backToWarnings')}</a></p>
    </Layout>
  );
}

/** The subscribe form, its post, and the page after it. */
export function registerSubscribePage(app: AppInstance, deps: AlertsDeps): void {
  const { database, clock, box } = deps;
  const Lang = Type.Object({ lang: Text(10) });

  const formPage = (request: FastifyRequest, reply: FastifyReply, values: FormBody, problems: readonly FormProblem[], status = 200, csrfToken = request.csrfToken) => {
    const state = { values, problems, stamp: issueFormStamp(box, clock.now()), filesDropped: false, action: withQuery('/subscribe', langParam(request)) };
    return sendPage(reply, <SubscribePage ctx={{ ...pageContext(request), csrfToken }} state={state} />, status);
  };

  app.get('/subscribe', { schema: { tags: ['pages'], summary: 'Subscribe to advisories by email (form; works without JavaScript)', querystring: Lang } }, (request, reply) => formPage(request, reply, {}, []));

  app.post(
    '/subscribe',
    {
      config: { csrf: 'form', rateLimit: subscribeRateLimit(deps) },
      schema: { tags: ['pages'], summary: 'Ask for advisories by email (form); a confirmation email follows', querystring: Lang, body: SubscribeForm },
      errorHandler: formRefusalHandler(isFormRefusal, (request, reply, values, refusal, csrfToken) => {
        formPage(request, reply, values, subscribeProblems(refusal, localeOf(request)), refusal.status, csrfToken);
      }),
    },
    async (request, reply) => {
      const body = request.body;
      try {
        checkFormStamp(box, body.stamp, body.website, clock.now());
        const choices = choicesOf(body);
        await database.transaction((tx) => requestSubscription(tx.db, deps, formString(body, 'email') ?? '', choices, clock.now()));
      } catch (error) {
        if (!isFormRefusal(error)) throw error;
        return formPage(request, reply, body, subscribeProblems(error, localeOf(request)), error.status);
      }
      return reply.redirect(withQuery('/subscribe/sent', langParam(request)), 303);
    },
  );

  app.get('/subscribe/sent', { schema: { tags: ['pages'], summary: 'After a subscription request: check your inbox', querystring: Lang } }, (request, reply) => sendPage(reply, <SentPage ctx={pageContext(request)} />));
}
