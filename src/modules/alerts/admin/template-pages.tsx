// /admin/notifications/templates: every template the instance sends with (key, description,
// channels, grouping), and /admin/notifications/templates/:key?locale=vi|en: its sample rendered
// alone and as a digest, as email, SMS and webhook would carry it, in either language. The
// samples hold no real data, but the page sits with the delivery log: national supervisors and admins.
import { Type } from 'typebox';
import type { AppInstance } from '../../../core/http/types.ts';
import { isLocale, LOCALES, type Locale } from '../../../core/i18n.ts';
import { DataTable, PageHeader, type Column } from '../../../web/components.tsx';
import type { Child, Html } from '../../../web/jsx/jsx-runtime.ts';
import { Layout } from '../../../web/layout.tsx';
import { pageContext, sendPage } from '../../../web/page-context.ts';
import { contextOf } from '../../identity/http.ts';
import { requireAccess, requireUserPage } from '../../identity/index.ts';
import type { AlertsDeps } from '../deps.ts';
import type { Aggregation } from '../engine/model.ts';
import { CHANNEL_LABELS, labelOf, notificationMessage as m } from './messages.ts';
import { LOG_PATH, RenderedMessage } from './page-parts.tsx';
import { TEMPLATE_KEY_PATTERN } from './schema.ts';

const TEMPLATES_PATH = `${LOG_PATH}/templates`;
const lang = Type.Optional(Type.String({ maxLength: 20 }));
const ListQuery = Type.Object({ lang });
const PreviewParams = Type.Object({ key: Type.String({ pattern: TEMPLATE_KEY_PATTERN }) });
const PreviewQuery = Type.Object({ locale: Type.Optional(Type.Enum([...LOCALES])), lang });

/** A duration in the largest whole unit that fits. */
function duration(seconds: number, l: Locale): string {
  if (seconds >= 3600 && seconds % 3600 === 0) return m(l, 'hours', { n: seconds / 3600 });
  if (seconds >= 60 && seconds % 60 === 0) return m(l, 'minutes', { n: seconds / 60 });
  return m(l, 'seconds', { n: seconds });
}

function grouping(aggregation: Aggregation | undefined, l: Locale): string {
  if (aggregation === undefined) return m(l, 'noWindow');
  return m(l, 'window', { gather: duration(aggregation.gatherSeconds, l), window: duration(aggregation.windowSeconds, l) });
}

/** The language switch of the preview: two links, the current one marked. */
function LanguageSwitch(props: { templateKey: string; current: Locale; l: Locale }): Html {
  const labels: Record<Locale, string> = { vi: m(props.l, 'inVi'), en: m(props.l, 'inEn') };
  return (
    <nav aria-label={m(props.l, 'languageLabel')}>
      <ul class="link-list">
        {LOCALES.map((locale) => (
          <li>
            <a href={`${TEMPLATES_PATH}/${props.templateKey}?locale=${locale}`} hreflang={locale} aria-current={locale === props.current ? 'page' : undefined}>{labels[locale]}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The templates list and the preview page. */
export function registerTemplatePages(app: AppInstance, deps: AlertsDeps): void {
  const { database, clock } = deps;
  const registry = deps.notifier.templates;

  app.get(TEMPLATES_PATH, { schema: { tags: ['pages'], summary: 'Notification templates: key, description, channels and grouping (national supervisors and admins)', querystring: ListQuery } }, (request, reply) => {
    if (requireUserPage(request, reply) === null) return reply;
    requireAccess(contextOf(request, clock).actor, 'notifications.read_all');
    const ctx = pageContext(request);
    const l = ctx.locale;
    type Key = 'key' | 'description' | 'channels' | 'window';
    const columns: Column<Key>[] = [
      { key: 'key', label: m(l, 'colKey') },
      { key: 'description', label: m(l, 'colDescription') },
      { key: 'channels', label: m(l, 'colChannels') },
      { key: 'window', label: m(l, 'colWindow') },
    ];
    const rows = registry.all().map(
      (template): Record<Key, Child> => ({
        key: <a href={`${TEMPLATES_PATH}/${template.key}?locale=${l}`}><code>{template.key}</code></a>,
        description: template.description[l],
        channels: template.channels.map((c) => labelOf(CHANNEL_LABELS, c, l)).join(', '),
        window: grouping(template.aggregation, l),
      }),
    );
    const title = m(l, 'templatesTitle');
    return sendPage(
      reply,
      <Layout ctx={ctx} title={title} wide>
        <PageHeader title={title} lead={m(l, 'templatesLead')}>
          <p><a href={LOG_PATH}>{m(l, 'back')}</a></p>
        </PageHeader>
        <DataTable caption={m(l, 'templatesCaption')} columns={columns} rows={rows} empty={m(l, 'templatesEmpty')} />
      </Layout>,
    );
  });

  app.get(`${TEMPLATES_PATH}/:key`, { schema: { tags: ['pages'], summary: 'Preview of a notification template with its sample data, alone and as a digest, in Vietnamese or English', params: PreviewParams, querystring: PreviewQuery } }, async (request, reply) => {
    if (requireUserPage(request, reply) === null) return reply;
    requireAccess(contextOf(request, clock).actor, 'notifications.read_all');
    const ctx = pageContext(request);
    const l = ctx.locale;
    const key = request.params.key;
    // The preview's language is its own choice; the page around it stays in the reader's.
    const locale = isLocale(request.query.locale) ? request.query.locale : l;
    const preview = await registry.preview(key, { db: database.db, locale, publicUrl: deps.config.publicUrl, box: deps.box });
    const template = registry.get(key);
    const title = m(l, 'previewPageTitle', { key });
    return sendPage(
      reply,
      <Layout ctx={ctx} title={title} wide>
        <PageHeader title={title} lead={m(l, 'previewLead')}>
          <p>{template.description[l]}</p>
          <p><a href={TEMPLATES_PATH}>{m(l, 'allTemplates')}</a></p>
        </PageHeader>
        <LanguageSwitch templateKey={key} current={locale} l={l} />
        <RenderedMessage title={m(l, 'single')} rendered={preview.single} channels={template.channels} l={l} contentLang={locale} />
        <RenderedMessage title={m(l, 'digest')} rendered={preview.digest} channels={template.channels} l={l} contentLang={locale} />
      </Layout>,
    );
  });
}
