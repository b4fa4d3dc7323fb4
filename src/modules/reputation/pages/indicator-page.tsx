// GET /admin/indicators/:id: one listing with its details, the other listings of its value, its
// full history and the revoke form; POST /admin/indicators/:id/revoke.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppInstance } from '../../../core/http/types.ts';
import { bindLocale, type Locale } from '../../../core/i18n.ts';
import { Alert, Card, CsrfField, DataTable, DefinitionList, ErrorSummary, PageHeader, SubmitButton, TextArea } from '../../../web/components.tsx';
import { formSchema, formString, type FormBody } from '../../../web/forms.ts';
import type { Child, Html } from '../../../web/jsx/jsx-runtime.ts';
import { Layout } from '../../../web/layout.tsx';
import { localeOf, pageContext, sendPage } from '../../../web/page-context.ts';
import { categoryLabel } from '../../cases/index.ts';
import { formatTime, formErrorsOrThrow, summaryOf } from '../../identity/admin-pages.tsx';
import { contextOf } from '../../identity/http.ts';
import { can, requireUserPage, type Actor } from '../../identity/index.ts';
import { targetTypeLabel } from '../../targets/index.ts';
import type { ReputationDeps } from '../routes.ts';
import { indicatorDetail, isInForce, MAX_NOTE_LENGTH, MIN_NOTE_LENGTH, revokeIndicator } from '../staff-indicators.ts';
import { actionLabel, sourceShortLabel, statusLabel } from './labels.ts';
import { staffMessage, type StaffMessage } from './staff-messages.ts';
import { VerdictBadge } from './verdict-badge.tsx';

const Params = Type.Object({ id: Type.String({ maxLength: 100 }) });
const PageQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })), lang: Type.Optional(Type.String({ maxLength: 10 })) });
const RevokeForm = formSchema(['reason']);

const DONE = ['listed', 'updated', 'unchanged', 'revoked'] as const;

/** A failed revoke form: what was sent and what is wrong. */
type RevokeState = { values: FormBody; errors: Record<string, string>; status: number };

/** A link to an evidence address only when it is a web address; anything else stays text. */
function EvidenceLink(props: { url: string }): Html {
  return /^https?:\/\//i.test(props.url) ? <a href={props.url} rel="noopener noreferrer nofollow" class="indicator-value">{props.url}</a> : <span class="indicator-value">{props.url}</span>;
}

function time(date: Date | null, l: Locale): Html {
  return date === null ? <>—</> : <time datetime={date.toISOString()}>{formatTime(date, l)}</time>;
}

async function renderIndicatorPage(request: FastifyRequest, reply: FastifyReply, deps: ReputationDeps, user: Extract<Actor, { type: 'user' }>, id: string, state: RevokeState | null): Promise<FastifyReply> {
  const l = localeOf(request);
  const t = bindLocale(staffMessage, l);
  const done = DONE.find((d) => d === (request.query as { done?: string }).done);
  const ctx = pageContext(request, state === null && done !== undefined ? { kind: 'success', message: t(`done_${done}` as StaffMessage) } : null);
  const useCtx = contextOf(request, deps.clock);
  const { indicator: row, history, others } = await indicatorDetail(deps.database.db, useCtx, id);
  const manage = can(user, 'indicator.manage');
  const details: { term: string; description: Child }[] = [
    { term: t('value'), description: <code class="indicator-value">{row.value}</code> },
    { term: t('type'), description: targetTypeLabel(row.type, l) },
    { term: t('verdict'), description: <VerdictBadge verdict={row.verdict} locale={l} /> },
    { term: t('categories'), description: row.categories.length === 0 ? '—' : row.categories.map((c) => categoryLabel(c, l)).join(', ') },
    { term: t('status'), description: statusLabel(row.status, l) },
    { term: t('inForce'), description: isInForce(row, useCtx.now) ? t('inForceYes') : t('inForceNo') },
    { term: t('source'), description: sourceShortLabel(row.source, l) },
    { term: t('sourceKey'), description: <code>{row.sourceKey}</code> },
    { term: t('sourceRef'), description: row.sourceRef ?? '—' },
    { term: t('evidenceUrl'), description: row.evidenceUrl === null ? '—' : <EvidenceLink url={row.evidenceUrl} /> },
    { term: t('impersonates'), description: row.impersonatedSlug === null ? '—' : <a href={`/trust/${encodeURIComponent(row.impersonatedSlug)}`}>{row.impersonatedName ?? row.impersonatedSlug}</a> },
    { term: t('reportCount'), description: String(row.reportCount) },
    { term: t('confidence'), description: t('confidenceValue', { value: row.confidence }) },
    { term: t('firstSeen'), description: time(row.firstSeen, l) },
    { term: t('lastVerified'), description: time(row.lastVerified, l) },
    { term: t('expiresAt'), description: row.expiresAt === null ? t('never') : time(row.expiresAt, l) },
    { term: t('serial'), description: String(row.serial) },
  ];
  const errors = state?.errors ?? {};
  const { _form: whole, ...fieldProblems } = errors;

  return sendPage(
    reply,
    <Layout ctx={ctx} title={t('detailTitle', { value: row.value.slice(0, 80) })} wide>
      <p class="back-link"><a href="/admin/indicators">← {t('backToList')}</a></p>
      <PageHeader title={t('detailTitle', { value: row.value.length > 80 ? `${row.value.slice(0, 80)}…` : row.value })}>
        <p class="case-badges">
          <VerdictBadge verdict={row.verdict} locale={l} /> <span class="badge badge-neutral">{statusLabel(row.status, l)}</span>
        </p>
      </PageHeader>
      <Card title={t('summaryTitle')}>
        <DefinitionList items={details} />
        <p><a href={`/check?value=${encodeURIComponent(row.value)}&type=${encodeURIComponent(row.type)}`}>{t('publicCheck')}</a></p>
      </Card>
      <Card title={t('othersTitle')}>
        <p>{t('othersLead')}</p>
        <DataTable
          caption={t('othersCaption')}
          columns={[{ key: 'source', label: t('colSource') }, { key: 'verdict', label: t('colVerdict') }, { key: 'status', label: t('colStatus') }, { key: 'lastVerified', label: t('colLastVerified') }, { key: 'expires', label: t('colExpires') }]}
          rows={others.map((o) => ({
            source: <a href={`/admin/indicators/${o.id}`}>{`${sourceShortLabel(o.source, l)} (${o.sourceKey})`}</a>,
            verdict: <VerdictBadge verdict={o.verdict} locale={l} />,
            status: statusLabel(o.status, l),
            lastVerified: formatTime(o.lastVerified, l),
            expires: o.expiresAt === null ? t('never') : formatTime(o.expiresAt, l),
          }))}
          empty={t('othersEmpty')}
        />
      </Card>
      <Card title={t('historyTitle')}>
        <p>{t('historyLead')}</p>
        <ol class="timeline">
          {history.map((line) => (
            <li class="timeline-item">
              <time datetime={line.at.toISOString()}>{formatTime(line.at, l)}</time>
              <span class="timeline-text">{actionLabel(line.action, l)}</span> <VerdictBadge verdict={line.verdict} locale={l} /> {statusLabel(line.status, l)}
              {line.note === null ? null : <p class="timeline-note">{line.note}</p>}
              <p class="note-meta">{t('historyBy', { name: line.actorName, serial: line.serial })}</p>
            </li>
          ))}
        </ol>
      </Card>
      {!manage ? null : row.status === 'revoked' ? (
        <Card title={t('revokeTitle')}>
          <p>{t('alreadyRevoked')}</p>
        </Card>
      ) : (
        <Card title={t('revokeTitle')} id="revoke">
          <p>{t('revokeLead')}</p>
          {whole === undefined ? null : <Alert kind="error">{whole}</Alert>}
          <ErrorSummary title={t('errors')} errors={summaryOf(fieldProblems)} />
          <form method="post" action={`/admin/indicators/${row.id}/revoke`} class="form">
            <CsrfField token={ctx.csrfToken} />
            <TextArea name="reason" label={t('revokeReason')} required rows={3} maxlength={MAX_NOTE_LENGTH} value={state === null ? undefined : formString(state.values, 'reason')} error={errors.reason} />
            <SubmitButton variant="danger">{t('revokeSubmit')}</SubmitButton>
          </form>
        </Card>
      )}
    </Layout>,
    state?.status ?? 200,
  );
}

/** The reason of a revoke form, or the problem with it in the page's language. */
function reasonOf(body: FormBody, l: Locale): { reason: string } | { error: string } {
  const t = bindLocale(staffMessage, l);
  const reason = formString(body, 'reason') ?? '';
  if (reason === '') return { error: t('required') };
  if (reason.length < MIN_NOTE_LENGTH) return { error: t('tooShort', { min: MIN_NOTE_LENGTH }) };
  if (reason.length > MAX_NOTE_LENGTH) return { error: t('tooLong', { max: MAX_NOTE_LENGTH }) };
  return { reason };
}

export function registerIndicatorPage(app: AppInstance, deps: ReputationDeps): void {
  const { database, clock, live } = deps;

  app.get('/admin/indicators/:id', { schema: { tags: ['pages'], summary: 'One listing (staff): details, history, revoke form', params: Params, querystring: PageQuery } }, async (request, reply) => {
    const user = requireUserPage(request, reply);
    if (user === null) return reply;
    return renderIndicatorPage(request, reply, deps, user, request.params.id, null);
  });

  app.post('/admin/indicators/:id/revoke', { config: { csrf: 'form' }, schema: { tags: ['pages'], summary: 'Revoke a listing (form)', params: Params, body: RevokeForm } }, async (request, reply) => {
    const user = requireUserPage(request, reply);
    if (user === null) return reply;
    const body = request.body as FormBody;
    const l = localeOf(request);
    const checked = reasonOf(body, l);
    if ('error' in checked) return renderIndicatorPage(request, reply, deps, user, request.params.id, { values: body, errors: { reason: checked.error }, status: 400 });
    try {
      await database.transaction((tx) => revokeIndicator(tx, contextOf(request, clock), request.params.id, checked.reason));
    } catch (error) {
      return renderIndicatorPage(request, reply, deps, user, request.params.id, { values: body, errors: formErrorsOrThrow(error), status: 400 });
    }
    await live.catchUp(database.db);
    return reply.redirect(`/admin/indicators/${request.params.id}?done=revoked`, 303);
  });
}
