// /admin/feeds: which blocking list each telecom runs and how far behind it is (national
// authority), with links to every feed. Works without JavaScript; the threshold is a GET form.
import type { Locale } from '../../../core/i18n.ts';
import { defineMessages } from '../../../core/i18n.ts';
import type { AppInstance } from '../../../core/http/types.ts';
import { Badge, Card, DataTable, Field, PageHeader, SubmitButton } from '../../../web/components.tsx';
import type { Html } from '../../../web/jsx/jsx-runtime.ts';
import { Layout } from '../../../web/layout.tsx';
import { pageContext, sendPage } from '../../../web/page-context.ts';
import { contextOf } from '../../identity/http.ts';
import { requireUserPage } from '../../identity/index.ts';
import type { ReputationDeps } from '../routes.ts';
import { deploymentLag, isLagging, LAG_ALERT, type TelecomLag } from './deployments.ts';
import { FEED_PATHS } from './feeds.ts';

const t = defineMessages({
  vi: {
    title: 'Danh sách chặn và nhà mạng',
    lead: 'Nhà mạng báo cáo số thứ tự (serial) của danh sách chặn RPZ đã triển khai. Bảng xếp nhà mạng chậm nhất lên đầu: chậm bao nhiêu thay đổi, và từ khi nào danh sách họ đang chạy không còn mới nhất.',
    current: 'Số thứ tự thay đổi hiện tại: {serial}.',
    threshold: 'Đánh dấu khi chậm hơn (số thay đổi)',
    thresholdHint: 'Luôn đánh dấu khi chậm quá {hours} giờ.',
    apply: 'Áp dụng',
    caption: 'Nhà mạng và danh sách chặn đang chạy',
    telecom: 'Nhà mạng',
    deployed: 'Serial đã triển khai',
    reportedAt: 'Báo cáo lúc',
    lagSerials: 'Chậm (số thay đổi)',
    behindFor: 'Chậm trong',
    status: 'Tình trạng',
    never: 'Chưa báo cáo',
    upToDate: 'Mới nhất',
    behind: 'Chậm',
    lagging: 'Chậm quá ngưỡng',
    empty: 'Chưa có tổ chức nhà mạng nào.',
    feeds: 'Các danh sách',
    feedRpz: 'RPZ cho máy chủ DNS (cần token của nhà mạng, quyền feeds:read)',
    feedHosts: 'Tệp hosts',
    feedDomains: 'Danh sách tên miền',
    feedAdblock: 'Bộ lọc AdBlock',
    feedCsv: 'Mọi chỉ dấu (CSV; ?since= để lấy phần thay đổi)',
    feedJson: 'Mọi chỉ dấu (JSON; ?since= để lấy phần thay đổi)',
    days: '{n} ngày',
    hours: '{n} giờ',
    minutes: '{n} phút',
    none: '—',
  },
  en: {
    title: 'Blocking lists and telecoms',
    lead: 'Telecoms report the serial of the RPZ blocking list they have deployed. Worst first: how many changes behind, and since when the list they run has not been current.',
    current: 'Current change serial: {serial}.',
    threshold: 'Flag when more changes behind than',
    thresholdHint: 'Always flagged when more than {hours} hours behind.',
    apply: 'Apply',
    caption: 'Telecoms and the blocking list they run',
    telecom: 'Telecom',
    deployed: 'Deployed serial',
    reportedAt: 'Reported at',
    lagSerials: 'Behind (changes)',
    behindFor: 'Behind for',
    status: 'Status',
    never: 'Never reported',
    upToDate: 'Up to date',
    behind: 'Behind',
    lagging: 'Behind beyond the threshold',
    empty: 'No telecom organisations yet.',
    feeds: 'The lists',
    feedRpz: 'RPZ for DNS resolvers (needs a telecom token with feeds:read)',
    feedHosts: 'Hosts file',
    feedDomains: 'Domain list',
    feedAdblock: 'AdBlock filters',
    feedCsv: 'Every indicator (CSV; ?since= for the changes)',
    feedJson: 'Every indicator (JSON; ?since= for the changes)',
    days: '{n} d',
    hours: '{n} h',
    minutes: '{n} min',
    none: '—',
  },
});

const MAX_THRESHOLD = 1_000_000_000;

/** A duration in days, hours and minutes (the two largest units). */
export function formatLag(seconds: number, locale: Locale): string {
  if (seconds <= 0) return t(locale, 'none');
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.max(1, Math.floor((seconds % 3600) / 60));
  if (days > 0) return [t(locale, 'days', { n: days }), hours > 0 ? t(locale, 'hours', { n: hours }) : ''].filter(Boolean).join(' ');
  if (hours > 0) return [t(locale, 'hours', { n: hours }), t(locale, 'minutes', { n: minutes })].join(' ');
  return t(locale, 'minutes', { n: minutes });
}

function when(date: Date | null, locale: Locale): string {
  if (date === null) return t(locale, 'none');
  return new Intl.DateTimeFormat(locale === 'vi' ? 'vi-VN' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Ho_Chi_Minh' }).format(date);
}

function status(lag: TelecomLag, threshold: number, locale: Locale): Html {
  if (lag.deployedSerial === null) return <Badge tone="danger">{t(locale, 'never')}</Badge>;
  if (isLagging(lag, threshold)) return <Badge tone="danger">{t(locale, 'lagging')}</Badge>;
  if (lag.lagSerials > 0) return <Badge tone="warning">{t(locale, 'behind')}</Badge>;
  return <Badge tone="success">{t(locale, 'upToDate')}</Badge>;
}

function thresholdOf(query: unknown): number {
  const text = (query as Record<string, unknown> | undefined)?.serials;
  const value = typeof text === 'string' && /^\d{1,10}$/.test(text) ? Number(text) : NaN;
  return Number.isSafeInteger(value) && value <= MAX_THRESHOLD ? value : LAG_ALERT.serials;
}

export function registerFeedPages(app: AppInstance, deps: ReputationDeps): void {
  const { database, clock } = deps;

  app.get('/admin/feeds', { schema: { tags: ['pages'], summary: 'Blocking lists: telecom deployment lag and links to every feed (national authority)' } }, async (request, reply) => {
    if (requireUserPage(request, reply) === null) return reply;
    const lag = await deploymentLag(database.db, contextOf(request, clock));
    const ctx = pageContext(request);
    const l = ctx.locale;
    const threshold = thresholdOf(request.query);
    const feeds: { href: string; label: Parameters<typeof t>[1] }[] = [
      { href: FEED_PATHS.rpz, label: 'feedRpz' },
      { href: FEED_PATHS.hosts, label: 'feedHosts' },
      { href: FEED_PATHS.domains, label: 'feedDomains' },
      { href: FEED_PATHS.adblock, label: 'feedAdblock' },
      { href: FEED_PATHS.csv, label: 'feedCsv' },
      { href: FEED_PATHS.json, label: 'feedJson' },
    ];
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t(l, 'title')} wide>
        <PageHeader title={t(l, 'title')} lead={t(l, 'lead')} />
        <p>{t(l, 'current', { serial: lag.currentSerial })}</p>
        <form method="get" action="/admin/feeds" class="form feeds-threshold">
          <Field name="serials" type="number" inputmode="numeric" label={t(l, 'threshold')} value={String(threshold)} hint={t(l, 'thresholdHint', { hours: LAG_ALERT.hours })} />
          <SubmitButton variant="secondary">{t(l, 'apply')}</SubmitButton>
        </form>
        <DataTable
          caption={t(l, 'caption')}
          columns={[
            { key: 'telecom', label: t(l, 'telecom') },
            { key: 'status', label: t(l, 'status') },
            { key: 'deployed', label: t(l, 'deployed'), numeric: true },
            { key: 'lagSerials', label: t(l, 'lagSerials'), numeric: true },
            { key: 'behindFor', label: t(l, 'behindFor') },
            { key: 'reportedAt', label: t(l, 'reportedAt') },
          ]}
          rows={lag.telecoms.map((row) => ({
            telecom: isLagging(row, threshold) ? <strong class="feed-lagging">{row.name}</strong> : row.name,
            status: status(row, threshold, l),
            deployed: row.deployedSerial === null ? t(l, 'none') : String(row.deployedSerial),
            lagSerials: String(row.lagSerials),
            behindFor: formatLag(row.lagSeconds, l),
            reportedAt: when(row.reportedAt, l),
          }))}
          empty={t(l, 'empty')}
        />
        <Card title={t(l, 'feeds')}>
          <ul class="link-list">
            {feeds.map((feed) => (
              <li><a href={feed.href}><code>{feed.href}</code> — {t(l, feed.label)}</a></li>
            ))}
          </ul>
        </Card>
      </Layout>,
    );
  });
}
