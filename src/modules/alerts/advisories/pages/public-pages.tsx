// The public advisory pages (no login): GET /advisories, the published advisories newest first with
// a category and severity filter (a GET form that works without JavaScript) and cursor paging, and
// GET /advisories/:reference, one advisory in the page's language with the live status of the
// indicators it links. A logged-in member also sees what is aimed at their organisation; anyone
// else gets "not found" for it. Rate limited like the other public pages.
import { Type } from 'typebox';
import type { AppInstance } from '../../../../core/http/types.ts';
import type { Locale } from '../../../../core/i18n.ts';
import { Alert, Badge, Card, DefinitionList, PageHeader, Pagination, SelectField, SubmitButton } from '../../../../web/components.tsx';
import type { Html } from '../../../../web/jsx/jsx-runtime.ts';
import { Layout } from '../../../../web/layout.tsx';
import { langParam, pageContext, sendPage, withQuery } from '../../../../web/page-context.ts';
import { CATEGORY_CODES, categoryLabel } from '../../../cases/index.ts';
import { contextOf } from '../../../identity/http.ts';
import type { AlertsDeps } from '../../deps.ts';
import { readLinkedIndicators } from '../live-status.ts';
import { AdvisoryBody } from '../markdown.ts';
import { advisoryPath, isOneOf, referenceOf, SEVERITIES } from '../model.ts';
import { listPublishedAdvisories, publishedAdvisory } from '../queries.ts';
import type { AdvisoryRow } from '../repository.ts';
import { categoriesText, IndicatorTable, SeverityBadge, When } from './components.tsx';
import { severityLabel } from './labels.ts';
import { advisoryMessage as m } from './messages.ts';

const PAGE_SIZE = 20;
const PUBLIC_RATE_LIMIT = { max: 120, timeWindow: 60_000 };
const text = (max: number) => Type.Optional(Type.String({ maxLength: max }));
const ListQuery = Type.Object({ category: text(40), severity: text(20), cursor: text(200), lang: text(10) });
const PageParams = Type.Object({ reference: Type.String({ maxLength: 100 }) });
const PageQuery = Type.Object({ lang: text(10) });

type Filters = { category: string | undefined; severity: string | undefined };

function listUrl(filters: Filters, lang: string | null, cursor?: string): string {
  const param = (name: string, value: string | undefined) => (value === undefined ? null : `${name}=${encodeURIComponent(value)}`);
  return withQuery('/advisories', param('category', filters.category), param('severity', filters.severity), lang, param('cursor', cursor));
}

const titleOf = (row: AdvisoryRow, l: Locale) => (l === 'en' ? row.titleEn : row.titleVi);

function AdvisoryItem(props: { row: AdvisoryRow; l: Locale; lang: string | null }): Html {
  const { row, l } = props;
  return (
    <li class="advisory-item">
      <article>
        <h2><a href={withQuery(advisoryPath(row.number), props.lang)}>{titleOf(row, l)}</a></h2>
        <p class="case-badges">
          <SeverityBadge severity={row.severity} l={l} /> {row.audience === 'public' ? null : <Badge tone="info">{m(l, 'forYourOrg')}</Badge>}
        </p>
        <p class="note-meta">
          {referenceOf(row.number)} · {m(l, 'publishedAt')} <When at={row.publishedAt} l={l} /> · {categoriesText(row.categories, l)}
        </p>
      </article>
    </li>
  );
}

/** The public list and page of advisories. */
export function registerPublicAdvisoryPages(app: AppInstance, deps: AlertsDeps): void {
  const { database, clock, live } = deps;

  app.get('/advisories', { config: { rateLimit: PUBLIC_RATE_LIMIT }, schema: { tags: ['pages'], summary: 'Published advisories (cảnh báo), newest first, filtered by category and severity', querystring: ListQuery } }, async (request, reply) => {
    const ctx = pageContext(request);
    const l = ctx.locale;
    const lang = langParam(request);
    // A filter that names nothing is ignored (as on every public list) rather than refused.
    const filters: Filters = { category: isOneOf(CATEGORY_CODES, request.query.category) ? request.query.category : undefined, severity: isOneOf(SEVERITIES, request.query.severity) ? request.query.severity : undefined };
    const cursor = request.query.cursor?.trim() || undefined;
    const page = await listPublishedAdvisories(database.db, contextOf(request, clock), { ...filters, cursor, limit: PAGE_SIZE });
    const title = m(l, 'publicTitle');
    return sendPage(
      reply,
      <Layout ctx={ctx} title={title}>
        <PageHeader title={title} lead={m(l, 'publicLead')} />
        <Card title={m(l, 'filterTitle')}>
          <form method="get" action="/advisories" class="form form-inline" role="search" aria-label={m(l, 'filterTitle')}>
            {lang === null ? null : <input type="hidden" name="lang" value={l} />}
            <SelectField name="category" label={m(l, 'category')} value={filters.category ?? ''} options={[{ value: '', label: m(l, 'anyCategory') }, ...CATEGORY_CODES.map((c) => ({ value: c, label: categoryLabel(c, l) }))]} />
            <SelectField name="severity" label={m(l, 'severity')} value={filters.severity ?? ''} options={[{ value: '', label: m(l, 'anySeverity') }, ...SEVERITIES.map((s) => ({ value: s, label: severityLabel(s, l) }))]} />
            <SubmitButton variant="secondary">{m(l, 'filter')}</SubmitButton>
          </form>
        </Card>
        {page.items.length === 0 ? <p>{m(l, 'listEmpty')}</p> : <ul class="advisory-list" aria-label={m(l, 'listLabel')}>{page.items.map((row) => <AdvisoryItem row={row} l={l} lang={lang} />)}</ul>}
        <Pagination locale={l} first={cursor === undefined ? undefined : listUrl(filters, lang)} next={page.nextCursor === null ? undefined : listUrl(filters, lang, page.nextCursor)} />
        <Card title={m(l, 'subscribeTitle')}>
          <ul class="link-list">
            <li><a href="/feeds/advisories.atom" type="application/atom+xml">{m(l, 'feedLink')}</a></li>
            <li><a href="/feeds/advisories.atom?lang=en" type="application/atom+xml">{m(l, 'feedLinkOther')}</a></li>
            <li><a href="/api/v1/advisories">{m(l, 'apiLink')}</a></li>
          </ul>
        </Card>
      </Layout>,
    );
  });

  app.get('/advisories/:reference', { config: { rateLimit: PUBLIC_RATE_LIMIT }, schema: { tags: ['pages'], summary: 'One published advisory (by CB-number, number or id) with the live status of the indicators it links', params: PageParams, querystring: PageQuery } }, async (request, reply) => {
    const ctx = pageContext(request);
    const l = ctx.locale;
    const useCtx = contextOf(request, clock);
    const row = await publishedAdvisory(database.db, useCtx, request.params.reference);
    const indicators = await readLinkedIndicators(database.db, live, row.indicatorIds, useCtx.now);
    const other: Locale = l === 'vi' ? 'en' : 'vi';
    const title = titleOf(row, l);
    const facts = [
      { term: m(l, 'reference'), description: <span class="ticket">{referenceOf(row.number)}</span> },
      { term: m(l, 'publishedAt'), description: <When at={row.publishedAt} l={l} /> },
      { term: m(l, 'severity'), description: severityLabel(row.severity, l) },
      { term: m(l, 'categories'), description: categoriesText(row.categories, l) },
    ];
    return sendPage(
      reply,
      <Layout ctx={ctx} title={title}>
        <p class="back-link"><a href={withQuery('/advisories', langParam(request))}>← {m(l, 'backToList')}</a></p>
        <PageHeader title={title}>
          <p class="case-badges"><SeverityBadge severity={row.severity} l={l} /></p>
        </PageHeader>
        {row.audience === 'public' ? null : <Alert kind="info">{m(l, 'forYourOrg')}</Alert>}
        <p><a href={`${advisoryPath(row.number)}?lang=${other}`} hreflang={other} lang={other}>{m(l, 'readInOther')}</a></p>
        <DefinitionList items={facts} />
        <AdvisoryBody markdown={l === 'en' ? row.bodyEn : row.bodyVi} lang={l} />
        <Card title={m(l, 'indicatorsTitle')}>
          <p class="field-hint">{m(l, 'indicatorsHint')}</p>
          <IndicatorTable indicators={indicators} l={l} />
        </Card>
        {row.campaignRefs.length === 0 ? null : (
          <Card title={m(l, 'campaignsTitle')}>
            <ul>{row.campaignRefs.map((ref) => <li>{ref}</li>)}</ul>
          </Card>
        )}
        <Card>
          <p>{m(l, 'whatToDo')}</p>
          <p><a class="button button-secondary" href="/check">{m(l, 'checkLink')}</a> <a class="button button-secondary" href="/report">{m(l, 'reportLink')}</a></p>
        </Card>
      </Layout>,
    );
  });
}
