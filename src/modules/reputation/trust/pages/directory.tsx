// The public directory pages: the searchable list (/trust), an organisation's page
// (/trust/<slug>) with its badge and the code to embed it, and the badge itself (an SVG).
import { Type } from 'typebox';
import type { AppInstance } from '../../../../core/http/types.ts';
import { isLocale, type Locale } from '../../../../core/i18n.ts';
import { Alert, Badge, DefinitionList, PageHeader, Pagination } from '../../../../web/components.tsx';
import { escapeHtml, type Html } from '../../../../web/jsx/jsx-runtime.ts';
import { Layout, type PageContext } from '../../../../web/layout.tsx';
import { pageContext, sendPage } from '../../../../web/page-context.ts';
import { formatTime } from '../../../identity/admin-pages.tsx';
import type { ReputationDeps } from '../../routes.ts';
import { renderBadge } from '../badge.ts';
import { badgeStateOf, listDirectory, publicEntity, type PublicEntity } from '../directory.ts';
import { t, type TrustMessage } from '../messages.ts';

const PAGE_SIZE = 25;

const DirectoryQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
  lang: Type.Optional(Type.String({ maxLength: 10 })),
});
const SlugParams = Type.Object({ slug: Type.String({ maxLength: 100 }) });

/** An organisation's status in words; the words carry the meaning, the colour repeats it. */
export function EntityStatus(props: { entity: Pick<PublicEntity, 'status' | 'badgeNumber'>; locale: Locale }): Html {
  const { entity, locale } = props;
  if (entity.status === 'approved') return <Badge tone="success">{`${t(locale, 'statusApproved')} · ${entity.badgeNumber ?? ''}`}</Badge>;
  if (entity.status === 'revoked') return <Badge tone="danger">{t(locale, 'statusRevoked')}</Badge>;
  return <Badge tone="neutral">{t(locale, 'statusListed')}</Badge>;
}

function DirectoryPage(props: { ctx: PageContext; q: string; items: PublicEntity[]; total: number; offset: number }): Html {
  const l = props.ctx.locale;
  const m = (key: TrustMessage, params?: Record<string, string | number>) => t(l, key, params);
  const link = (offset: number) => {
    const params = new URLSearchParams();
    if (props.q !== '') params.set('q', props.q);
    if (offset > 0) params.set('offset', String(offset));
    const query = params.toString();
    return query === '' ? '/trust' : `/trust?${query}`;
  };
  return (
    <Layout ctx={props.ctx} title={m('directoryTitle')}>
      <PageHeader title={m('directoryTitle')} lead={m('directoryLead')}>
        <p>
          {m('applyPrompt')} <a href="/trust/apply">{m('applyLink')}</a>
        </p>
      </PageHeader>
      <form method="get" action="/trust" class="form trust-search" role="search">
        <div class="field">
          <label for="field-q">{m('searchLabel')}</label>
          <p class="field-hint" id="field-q-hint">{m('searchHint')}</p>
          <div class="trust-search-row">
            <input id="field-q" name="q" type="search" value={props.q} maxlength={200} aria-describedby="field-q-hint" />
            <button type="submit" class="button button-primary">{m('searchSubmit')}</button>
          </div>
        </div>
      </form>
      <p role="status">{m('resultsCount', { total: props.total })}</p>
      {props.items.length === 0 ? (
        <p>{m('directoryEmpty')}</p>
      ) : (
        <ul class="trust-list">
          {props.items.map((entity) => (
            <li class="trust-item">
              <h2 class="trust-item-name">
                <a href={`/trust/${entity.slug}`}>{entity.name}</a>
              </h2>
              <EntityStatus entity={entity} locale={l} />
              {entity.domains.length > 0 ? <p class="trust-domains">{entity.domains.join(', ')}</p> : null}
            </li>
          ))}
        </ul>
      )}
      <Pagination locale={l} prev={props.offset > 0 ? link(Math.max(0, props.offset - PAGE_SIZE)) : undefined} next={props.offset + PAGE_SIZE < props.total ? link(props.offset + PAGE_SIZE) : undefined} />
    </Layout>
  );
}

function Notice(props: { entity: PublicEntity; locale: Locale }): Html {
  const { entity, locale: l } = props;
  const badge = entity.badgeNumber ?? '';
  if (entity.status === 'approved') return <Alert kind="success">{t(l, 'approvedNotice', { badge, date: formatTime(entity.approvedAt, l) })}</Alert>;
  if (entity.status === 'revoked') return <Alert kind="error">{t(l, 'revokedNotice', { badge, date: formatTime(entity.revokedAt, l) })}</Alert>;
  return <Alert kind="info">{t(l, 'listedNotice')}</Alert>;
}

function EntityPage(props: { ctx: PageContext; entity: PublicEntity; publicUrl: string }): Html {
  const { entity } = props;
  const l = props.ctx.locale;
  const m = (key: TrustMessage, params?: Record<string, string | number>) => t(l, key, params);
  const base = props.publicUrl.replace(/\/+$/, '');
  const badgePath = `/trust/${entity.slug}/badge.svg`;
  const alt = m('badgeAlt', { name: entity.name });
  const embed = `<a href="${base}/trust/${entity.slug}"><img src="${base}${badgePath}" alt="${escapeHtml(alt)}" height="20"></a>`;
  const items = [
    { term: m('statusTerm'), description: <EntityStatus entity={entity} locale={l} /> },
    ...(entity.website === null ? [] : [{ term: m('websiteTerm'), description: <a href={entity.website} rel="nofollow noopener">{entity.website}</a> }]),
    { term: m('domainsTerm'), description: entity.domains.length === 0 ? m('noDomains') : <ul class="trust-domain-list">{entity.domains.map((d) => <li><code>{d}</code></li>)}</ul> },
    ...(entity.badgeNumber === null ? [] : [{ term: m('badgeTerm'), description: <code>{entity.badgeNumber}</code> }]),
    ...(entity.approvedAt === null ? [] : [{ term: m('approvedTerm'), description: formatTime(entity.approvedAt, l) }]),
    ...(entity.revokedAt === null ? [] : [{ term: m('revokedTerm'), description: formatTime(entity.revokedAt, l) }]),
    ...(entity.revocationReason === null ? [] : [{ term: m('reasonTerm'), description: entity.revocationReason }]),
    ...(entity.description === null ? [] : [{ term: m('descriptionTerm'), description: entity.description }]),
  ];
  return (
    <Layout ctx={props.ctx} title={entity.name}>
      <PageHeader title={entity.name}>
        <p>
          <a href="/trust">{m('backToDirectory')}</a>
        </p>
      </PageHeader>
      <Notice entity={entity} locale={l} />
      {entity.status === 'listed' ? null : (
        <p class="trust-badge-preview">
          <img src={badgePath} alt={alt} height="20" />
        </p>
      )}
      <DefinitionList items={items} />
      {entity.status === 'listed' ? null : (
        <section aria-labelledby="criteria-met-title">
          <h2 id="criteria-met-title">{m('criteriaMetTitle')}</h2>
          {entity.criteriaMet.length === 0 ? (
            <p>{m('criteriaNone')}</p>
          ) : (
            <ul class="trust-criteria-met">
              {entity.criteriaMet.map((c) => (
                <li>
                  <strong>{c.label[l]}</strong> — {c.explanation[l]}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      {entity.status === 'approved' ? (
        <section aria-labelledby="embed-title">
          <h2 id="embed-title">{m('embedTitle')}</h2>
          <p id="embed-lead">{m('embedLead')}</p>
          <pre class="trust-embed" tabindex="0" aria-describedby="embed-lead"><code>{embed}</code></pre>
        </section>
      ) : null}
    </Layout>
  );
}

/** The directory, an organisation's page and its badge. */
export function registerDirectoryPages(app: AppInstance, deps: ReputationDeps): void {
  const { database, config } = deps;
  const perClient = { max: 120, timeWindow: 60_000 };

  app.get('/trust', { config: { rateLimit: perClient }, schema: { tags: ['pages'], summary: 'The network trust directory (searchable)', querystring: DirectoryQuery } }, async (request, reply) => {
    const q = request.query.q?.trim() ?? '';
    const offset = request.query.offset ?? 0;
    const { items, total } = await listDirectory(database.db, q, { limit: PAGE_SIZE, offset });
    return sendPage(reply, <DirectoryPage ctx={pageContext(request)} q={q} items={items} total={total} offset={offset} />);
  });

  app.get('/trust/:slug', { config: { rateLimit: perClient }, schema: { tags: ['pages'], summary: 'An organisation of the trust directory', params: SlugParams } }, async (request, reply) => {
    const entity = await publicEntity(database.db, request.params.slug);
    return sendPage(reply, <EntityPage ctx={pageContext(request)} entity={entity} publicUrl={config.publicUrl} />);
  });

  // An unknown slug answers 200 with the grey "not valid" badge, so an embedded image never
  // breaks and says plainly that no valid badge stands behind it.
  app.get(
    '/trust/:slug/badge.svg',
    {
      config: { rateLimit: { max: 600, timeWindow: 60_000 } },
      schema: { tags: ['pages'], summary: 'The embeddable SVG badge (Vietnamese; ?lang=en for English)', params: SlugParams, querystring: Type.Object({ lang: Type.Optional(Type.String({ maxLength: 10 })) }) },
    },
    async (request, reply) => {
      const lang = request.query.lang;
      const state = await badgeStateOf(database.db, request.params.slug);
      return reply
        .type('image/svg+xml; charset=utf-8')
        .header('cache-control', 'public, max-age=300')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cross-origin-resource-policy', 'cross-origin')
        .send(renderBadge(state, isLocale(lang) ? lang : 'vi'));
    },
  );
}
