// The public transparency page (GET /transparency, no login): search the published statements of
// reasons (text, platform, category, dates) with a GET form that works without JavaScript, page
// through them by cursor, read the per-organisation figures, and find the daily dumps and the API.
// Nothing here names a target or a person: statements never hold them.
import { DAY_MS } from '../../../core/clock.ts';
import { isUuid } from '../../../core/validate.ts';
import { Type } from 'typebox';
import type { AppInstance } from '../../../core/http/types.ts';
import type { Locale } from '../../../core/i18n.ts';
import { Badge, Card, DataTable, Field, PageHeader, Pagination, SelectField, SubmitButton } from '../../../web/components.tsx';
import type { Html } from '../../../web/jsx/jsx-runtime.ts';
import { Layout } from '../../../web/layout.tsx';
import { pageContext, sendPage } from '../../../web/page-context.ts';
import { vnDate } from '../../rules/index.ts';
import type { StatementRow } from '../repository.ts';
import type { PageDeps } from './components.tsx';
import { platformTable } from '../transparency-routes.ts';
import { searchStatements } from '../transparency.ts';
import { formatHours, formatShare, StatusBadge, When } from './components.tsx';
import { dsaCategoryLabel, dsaDecisionLabel, DSA_CATEGORIES, orgKindLabel } from './labels.ts';
import { takedownMessage as m } from './messages.ts';
import { transparencyMessage as tm } from './transparency-messages.ts';

/** Vietnam is UTC+7 all year: a day's dump covers statements published between two Vietnam midnights. */
const VN_OFFSET_MS = 7 * 3_600_000;
const DUMP_DAYS = 7;
const PAGE_SIZE = 25;
const text = (max: number) => Type.Optional(Type.String({ maxLength: max }));
const TransparencyQuery = Type.Object({ q: text(200), platform: text(100), category: text(100), from: text(10), to: text(10), cursor: text(200), lang: text(10) });

type Search = { q: string | undefined; platform: string | undefined; category: string | undefined; from: string | undefined; to: string | undefined };

/** A `YYYY-MM-DD` day that exists, else undefined (a bad date is ignored, as every filter is). */
function day(value: string | undefined): string | undefined {
  if (value === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  try {
    vnDate(value);
    return value;
  } catch {
    return undefined;
  }
}

/** The Vietnam calendar day of an instant, `YYYY-MM-DD`. */
function vietnamDay(at: Date): string {
  return new Date(at.getTime() + VN_OFFSET_MS).toISOString().slice(0, 10);
}

function searchUrl(search: Search, cursor?: string): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(search)) if (value !== undefined) params.set(key, value);
  if (cursor !== undefined) params.set('cursor', cursor);
  const query = params.toString();
  return query === '' ? '/transparency' : `/transparency?${query}`;
}

/** The decision of a statement in words: what was restricted. */
function decisionOf(s: StatementRow, l: Locale): string {
  const parts = [...s.decisionVisibility, s.decisionAccount, s.decisionProvision].filter((d): d is string => d !== null);
  return parts.map((d) => dsaDecisionLabel(d, l)).join('; ');
}

function Dumps(props: { now: Date; l: Locale }): Html {
  const { l } = props;
  const days = Array.from({ length: DUMP_DAYS }, (_, i) => vietnamDay(new Date(props.now.getTime() - (i + 1) * DAY_MS)));
  return (
    <Card title={tm(l, 'dumpsTitle')}>
      <p>{tm(l, 'dumpsLead')}</p>
      <ul class="link-list">
        {days.map((d) => (
          <li>
            <time datetime={d}>{d}</time>: <a href={`/transparency/dumps/statements-${d}.csv`} download>{tm(l, 'dumpCsv', { day: d })}</a> · <a href={`/transparency/dumps/statements-${d}.json`} download>{tm(l, 'dumpJson', { day: d })}</a>
          </li>
        ))}
      </ul>
      <p>{tm(l, 'dumpsOlder')}</p>
      <h3>{tm(l, 'apiTitle')}</h3>
      <ul class="link-list">
        <li><a href="/api/v1/transparency/statements">/api/v1/transparency/statements</a> — {tm(l, 'apiStatements')}</li>
        <li><a href="/api/v1/transparency/platforms">/api/v1/transparency/platforms</a> — {tm(l, 'apiPlatforms')}</li>
        <li><a href="/docs">{tm(l, 'apiDocs')}</a></li>
      </ul>
    </Card>
  );
}

/** The public transparency page. */
export function registerTransparencyPage(app: AppInstance, deps: PageDeps): void {
  const { database, clock } = deps;

  app.get(
    '/transparency',
    { config: { rateLimit: { max: 120, timeWindow: 60_000 } }, schema: { tags: ['pages'], summary: 'Public transparency database: statements of reasons with search, per-organisation figures, daily dumps', querystring: TransparencyQuery } },
    async (request, reply) => {
      const ctx = pageContext(request);
      const l = ctx.locale;
      const now = clock.now();
      const query = request.query;
      const trimmed = (value: string | undefined) => value?.trim() || undefined;
      const search: Search = {
        q: trimmed(query.q),
        platform: query.platform !== undefined && isUuid(query.platform) ? query.platform : undefined,
        category: DSA_CATEGORIES.find((c) => c === query.category),
        from: day(query.from),
        to: day(query.to),
      };
      const cursor = trimmed(query.cursor);
      const page = await searchStatements(database.db, {
        text: search.q,
        platformOrgId: search.platform,
        category: search.category,
        from: search.from === undefined ? undefined : vnDate(search.from),
        to: search.to === undefined ? undefined : new Date(vnDate(search.to).getTime() + DAY_MS),
        cursor,
        limit: PAGE_SIZE,
      });
      const organizations = await platformTable(database.db, now);
      const title = tm(l, 'transparencyTitle');

      return sendPage(
        reply,
        <Layout ctx={ctx} title={title} wide>
          <PageHeader title={title} lead={tm(l, 'transparencyLead')} />
          <Card title={tm(l, 'searchTitle')}>
            <form method="get" action="/transparency" class="form form-inline" role="search" aria-label={tm(l, 'searchTitle')}>
              <Field name="q" type="search" label={tm(l, 'searchText')} hint={tm(l, 'searchTextHint')} value={search.q} maxlength={200} />
              <SelectField name="platform" label={tm(l, 'searchPlatform')} value={search.platform ?? ''} options={[{ value: '', label: tm(l, 'anyPlatform') }, ...organizations.map((o) => ({ value: o.orgId, label: o.name }))]} />
              <SelectField name="category" label={tm(l, 'searchCategory')} value={search.category ?? ''} options={[{ value: '', label: tm(l, 'anyCategory') }, ...DSA_CATEGORIES.map((c) => ({ value: c, label: dsaCategoryLabel(c, l) }))]} />
              <Field name="from" type="date" label={tm(l, 'searchFrom')} value={search.from} />
              <Field name="to" type="date" label={tm(l, 'searchTo')} value={search.to} />
              <SubmitButton variant="secondary">{tm(l, 'searchSubmit')}</SubmitButton>
            </form>
          </Card>
          <DataTable
            caption={tm(l, 'statementsCaption')}
            columns={[
              { key: 'platform', label: tm(l, 'colPlatform') },
              { key: 'decision', label: tm(l, 'colDecision') },
              { key: 'category', label: tm(l, 'colCategory') },
              { key: 'ground', label: tm(l, 'colLegalGround') },
              { key: 'explanation', label: tm(l, 'colExplanation') },
              { key: 'applied', label: tm(l, 'colApplied') },
            ]}
            rows={page.items.map((s) => ({
              platform: s.platformName,
              decision: (
                <>
                  {decisionOf(s, l)} <StatusBadge status={s.outcome} l={l} />
                </>
              ),
              category: dsaCategoryLabel(s.category, l),
              ground: <span class="pre-wrap">{s.legalGround}</span>,
              explanation: <span class="pre-wrap">{s.explanation}</span>,
              applied: (
                <>
                  <When at={s.applicationDate} l={l} /> {s.onTime ? null : <Badge tone="warning">{m(l, 'answeredLate')}</Badge>}
                  <br />
                  {s.appealOutcome === null ? <a href={`/takedown-appeal?reference=${s.id}`}>{tm(l, 'appealLink')}</a> : <Badge tone="info">{tm(l, s.appealOutcome === 'restored' ? 'appealRestored' : 'appealConfirmed')}</Badge>}
                </>
              ),
            }))}
            empty={tm(l, 'statementsEmpty')}
          />
          <Pagination locale={l} first={cursor === undefined ? undefined : searchUrl(search)} next={page.nextCursor === null ? undefined : searchUrl(search, page.nextCursor)} />
          <DataTable
            caption={tm(l, 'platformsCaption')}
            columns={[
              { key: 'name', label: tm(l, 'colOrganization') },
              { key: 'kind', label: tm(l, 'colKind') },
              { key: 'requests', label: tm(l, 'colRequests'), numeric: true },
              { key: 'onTime', label: tm(l, 'colOnTime'), numeric: true },
              { key: 'median', label: tm(l, 'colMedian'), numeric: true },
              { key: 'actioned', label: tm(l, 'colActioned'), numeric: true },
              { key: 'declined', label: tm(l, 'colDeclined'), numeric: true },
              { key: 'appealed', label: tm(l, 'colAppealed'), numeric: true },
              { key: 'restored', label: tm(l, 'colRestored'), numeric: true },
            ]}
            rows={organizations.map((o) => ({
              name: o.name,
              kind: orgKindLabel(o.kind, l),
              requests: o.requests,
              onTime: formatShare(o.onTimeShare, l),
              median: formatHours(o.medianHoursToAction, l),
              actioned: o.actioned,
              declined: o.declined,
              appealed: o.appealed,
              restored: o.restored,
            }))}
            empty={tm(l, 'platformsEmpty')}
          />
          <p class="field-hint">{tm(l, 'platformsHint')}</p>
          <Dumps now={now} l={l} />
        </Layout>,
      );
    },
  );
}
