// The public check page (/check, "Kiểm tra"): one box, submitted with GET so it works without
// JavaScript and a result can be shared as a link. The answer comes from the in-memory index:
// the verdict in words, shape and colour, why, and what to do now. Nothing about reporters.
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppInstance } from '../../../core/http/types.ts';
import { isLocale, type Locale } from '../../../core/i18n.ts';
import { DefinitionList, fieldId, PageHeader, SelectField, SubmitButton } from '../../../web/components.tsx';
import type { Html } from '../../../web/jsx/jsx-runtime.ts';
import { Layout } from '../../../web/layout.tsx';
import { pageContext, sendPage } from '../../../web/page-context.ts';
import { categoryLabel } from '../../cases/index.ts';
import { formatTime } from '../../identity/admin-pages.tsx';
import { isTargetType, parseTarget, TARGET_MAX_TEXT_LENGTH, TARGET_TYPES, TargetError, targetTypeLabel, type Target, type TargetType } from '../../targets/index.ts';
import { checkTarget, type CheckResult } from '../check.ts';
import { lookupRateLimit, type ReputationDeps } from '../routes.ts';
import { checkMessage, type CheckMessage } from './check-messages.ts';
import { flagLabel, formatDay, sourceLabel, verdictIcon, verdictLabel } from './labels.ts';

// Longer than any value the parser accepts, so an over-long value gets the parser's own answer
// (and comes back in the box) instead of a bare validation error.
const CheckPageQuery = Type.Object({
  value: Type.Optional(Type.String({ maxLength: TARGET_MAX_TEXT_LENGTH * 2 })),
  type: Type.Optional(Type.String({ maxLength: 40 })),
  lang: Type.Optional(Type.String({ maxLength: 10 })),
});

const EXAMPLES = ['exampleLink', 'exampleSite', 'examplePhone', 'exampleBank', 'exampleSocial', 'exampleEmail'] as const;
const STEPS: Record<CheckResult['verdict'], readonly CheckMessage[]> = {
  dangerous: ['step_dangerous_1', 'step_dangerous_2', 'step_dangerous_3', 'step_dangerous_4'],
  suspicious: ['step_suspicious_1', 'step_suspicious_2', 'step_suspicious_3'],
  trusted: ['step_trusted_1', 'step_trusted_2', 'step_trusted_3'],
  unknown: ['step_unknown_1', 'step_unknown_2', 'step_unknown_3', 'step_unknown_4'],
};
const UNPARSABLE: Record<string, CheckMessage> = { TARGET_EMPTY: 'unparsableEmpty', TARGET_TOO_LONG: 'unparsableTooLong', TARGET_TYPE_UNKNOWN: 'unparsableType', TARGET_INVALID: 'unparsableInvalid' };

type Translate = (key: CheckMessage, params?: Record<string, string | number>) => string;
type Answer = { target: Target; result: CheckResult };
type Failure = { code: string; reason: string };

/** `lang=xx` when the page was opened with `?lang=`, so the links it gives keep the language. */
function langOf(request: FastifyRequest): Locale | null {
  const lang = (request.query as { lang?: unknown }).lang;
  return isLocale(lang) ? lang : null;
}

function withLang(path: string, lang: Locale | null): string {
  return lang === null ? path : `${path}&lang=${lang}`;
}

/** The box, its examples, the optional type, and the parser's reason when the value could not be read. */
function CheckForm(props: { t: Translate; l: Locale; value: string; type: TargetType | undefined; lang: Locale | null; failure: Failure | null }): Html {
  const { t, failure } = props;
  const id = fieldId('value');
  const error = failure === null ? null : t(UNPARSABLE[failure.code] ?? 'unparsable');
  return (
    <form method="get" action="/check" role="search" class="form check-box">
      {props.lang === null ? null : <input type="hidden" name="lang" value={props.lang} />}
      <div class={error === null ? 'field' : 'field field-invalid'}>
        <label for={id}>{t('valueLabel')}</label>
        <div class="field-hint" id={`${id}-hint`}>
          <p>{t('valueHint')}</p>
          <ul class="check-examples">{EXAMPLES.map((key) => <li>{t(key)}</li>)}</ul>
        </div>
        {error === null || failure === null ? null : (
          <p class="field-error" id={`${id}-error`}>
            {error} {t('reasonPrefix')} <span lang="en">{failure.reason}</span>
          </p>
        )}
        <input
          id={id}
          name="value"
          type="text"
          value={props.value}
          required
          maxlength={TARGET_MAX_TEXT_LENGTH}
          autocomplete="off"
          autocapitalize="none"
          spellcheck="false"
          aria-describedby={error === null ? `${id}-hint` : `${id}-hint ${id}-error`}
          aria-invalid={error === null ? undefined : true}
        />
      </div>
      <SelectField name="type" label={t('typeLabel')} hint={t('typeHint')} value={props.type ?? ''} options={[{ value: '', label: t('typeAuto') }, ...TARGET_TYPES.map((type) => ({ value: type, label: targetTypeLabel(type, props.l) }))]} />
      <SubmitButton>{t('submit')}</SubmitButton>
    </form>
  );
}

function Verdict(props: { t: Translate; l: Locale; answer: Answer }): Html {
  const { t, l } = props;
  const { result, target } = props.answer;
  const items = [{ term: t('checkedValue'), description: <code class="check-value">{result.normalized}</code> }];
  if (result.display !== result.normalized) items.push({ term: t('shownAs'), description: <span class="check-value">{result.display}</span> });
  items.push({ term: t('detectedType'), description: <>{targetTypeLabel(result.type, l)}</> });
  return (
    <section class={`verdict-panel verdict-${result.verdict}`} aria-labelledby="verdict-title">
      <h2 id="verdict-title" class="verdict-title">
        <span class="verdict-icon" aria-hidden="true">{verdictIcon(result.verdict)}</span> <span class="visually-hidden">{`${t('verdictIntro')}: `}</span>
        <span class="verdict-word">{verdictLabel(result.verdict, l)}</span>
      </h2>
      <p class="verdict-summary">{t(`summary_${result.verdict}`)}</p>
      <DefinitionList items={items} />
      {result.flags.length === 0 ? null : (
        <div class="check-flags">
          <h3>{t('flagsTitle')}</h3>
          <ul>
            {result.flags.map((flag) => (
              <li>
                <span aria-hidden="true">⚠ </span>
                {flagLabel(flag, l)}
                {flag === 'confusable' && target.details.skeleton !== undefined ? <> {t('lookalike', { skeleton: target.details.skeleton })}</> : null}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

function Why(props: { t: Translate; l: Locale; result: CheckResult }): Html {
  const { t, l, result } = props;
  const deciding = result.matches.filter((m) => m.verdict === result.verdict);
  const sources = [...new Set(deciding.map((m) => m.source))];
  const others = deciding.filter((m) => m.value !== result.normalized);
  const items: { term: string; description: Html }[] = [];
  if (result.categories.length > 0) items.push({ term: t('categories'), description: <>{result.categories.map((c) => categoryLabel(c, l)).join(', ')}</> });
  if (result.firstSeen !== null) items.push({ term: t('firstSeen'), description: <time datetime={result.firstSeen}>{formatDay(result.firstSeen, l)}</time> });
  if (result.lastVerified !== null) items.push({ term: t('lastVerified'), description: <time datetime={result.lastVerified}>{formatDay(result.lastVerified, l)}</time> });
  if (result.reportCount > 0) items.push({ term: t('reportCount'), description: <>{t('reportCountValue', { count: result.reportCount })}</> });
  if (result.impersonates !== null) {
    const { slug, name } = result.impersonates;
    items.push({ term: t('impersonates'), description: <>{name} — <a href={`/trust/${encodeURIComponent(slug)}`}>{t('impersonatesLink', { name })}</a></> });
  }
  if (sources.length > 0) items.push({ term: t('sources'), description: <ul class="plain-list">{sources.map((s) => <li>{sourceLabel(s, l)}</li>)}</ul> });
  if (others.length > 0) {
    items.push({
      term: t('matchedListings'),
      description: <ul class="plain-list">{others.map((m) => <li><code class="check-value">{m.value}</code>{m.value.startsWith('*.') ? ` ${t('wildcard')}` : ''}</li>)}</ul>,
    });
  }
  return (
    <section class="card" aria-labelledby="why-title">
      <h2 class="card-title" id="why-title">{t('whyTitle')}</h2>
      <DefinitionList items={items} />
    </section>
  );
}

function WhatToDo(props: { t: Translate; l: Locale; result: CheckResult; lang: Locale | null }): Html {
  const { t, result } = props;
  const listed = result.verdict === 'dangerous' || result.verdict === 'suspicious';
  const value = encodeURIComponent(result.normalized);
  return (
    <section class="card check-actions" aria-labelledby="do-title">
      <h2 class="card-title" id="do-title">{t('doTitle')}</h2>
      <p class="check-advice">{result.advice}</p>
      <ol class="check-steps">{STEPS[result.verdict].map((key) => <li>{t(key)}</li>)}</ol>
      <p>{t('reportLead')}</p>
      <p><a class="button button-primary" href={withLang(`/report?target=${value}`, props.lang)}>{t('reportButton')}</a></p>
      {listed ? (
        <p class="check-appeal">
          {t('ownerQuestion')} <a href={withLang(`/appeal?value=${value}`, props.lang)}>{t('appealLink')}</a>
        </p>
      ) : null}
    </section>
  );
}

/** GET /check: the form alone, or the form with the answer (or the reason the value could not be read, 400). */
export function registerCheckPage(app: AppInstance, deps: ReputationDeps): void {
  const { clock, live } = deps;
  app.get(
    '/check',
    { config: { rateLimit: lookupRateLimit(deps.config) }, schema: { tags: ['pages'], summary: 'Check a link, website, phone number, bank account, profile or email (works without JavaScript)', querystring: CheckPageQuery } },
    (request, reply) => {
      const ctx = pageContext(request);
      const l = ctx.locale;
      const t: Translate = (key, params) => checkMessage(l, key, params);
      const value = request.query.value ?? '';
      const chosen = request.query.type ?? '';
      const type = isTargetType(chosen) ? chosen : undefined;
      const lang = langOf(request);
      let answer: Answer | null = null;
      let failure: Failure | null = null;
      if (value.trim() !== '') {
        try {
          const target = parseTarget(value, type);
          answer = { target, result: checkTarget(live, target, clock.now().getTime(), l) };
        } catch (error) {
          if (!(error instanceof TargetError)) throw error;
          failure = { code: error.code, reason: error.reason };
        }
      }
      const title = answer === null ? t('title') : t('resultTitle', { verdict: verdictLabel(answer.result.verdict, l) });
      return sendPage(
        reply,
        <Layout ctx={ctx} title={title}>
          <PageHeader title={t('heading')} lead={t('lead')} />
          <CheckForm t={t} l={l} value={value} type={type} lang={lang} failure={failure} />
          {answer === null ? null : (
            <div class="check-result">
              <Verdict t={t} l={l} answer={answer} />
              {answer.result.verdict === 'unknown' ? null : <Why t={t} l={l} result={answer.result} />}
              <WhatToDo t={t} l={l} result={answer.result} lang={lang} />
              <p class="check-basis">
                {t('basis', { time: formatTime(clock.now(), l), serial: answer.result.serial })} {t('privacy')}
              </p>
            </div>
          )}
        </Layout>,
        failure === null ? 200 : 400,
      );
    },
  );
}
