import type { AppInstance } from '../core/http/types.ts';
import { DataTable, PageHeader } from './components.tsx';
import { defineMessages } from '../core/i18n.ts';
import { Layout } from './layout.tsx';
import { pageContext, sendPage } from './page-context.ts';

const t = defineMessages({
  vi: { feeds: 'Dữ liệu mở (cập nhật theo số thứ tự thay đổi; thêm ?since=<số> để lấy phần thay đổi ở CSV, JSON, STIX)', feedsRpz: 'RPZ cho máy chủ DNS của nhà mạng (cần token của nhà mạng, quyền feeds:read)', title: 'Tài liệu API', lead: 'Mọi đường dẫn của antoan. Bản máy đọc được: /openapi.json (OpenAPI 3.1). Lỗi luôn có dạng {"error":{"code","message","details"}}.', method: 'Phương thức', path: 'Đường dẫn', summary: 'Mô tả', tag: 'Nhóm', caption: 'Các đường dẫn', none: 'Chưa có đường dẫn nào.', auth: 'Xác thực: token tổ chức (Authorization: Bearer antoan_…) hoặc phiên đăng nhập kèm X-CSRF-Token.' },
  en: { feeds: 'Open data (versioned by change serial; add ?since=<serial> for the changes in CSV, JSON, STIX)', feedsRpz: "RPZ for telecoms' DNS resolvers (needs a telecom token with feeds:read)", title: 'API documentation', lead: 'Every antoan route. Machine-readable: /openapi.json (OpenAPI 3.1). Errors are always {"error":{"code","message","details"}}.', method: 'Method', path: 'Path', summary: 'Summary', tag: 'Group', caption: 'Routes', none: 'No routes yet.', auth: 'Authentication: organisation token (Authorization: Bearer antoan_…) or a web session with X-CSRF-Token.' },
});

type Operation = { summary?: string; tags?: string[] };

/** The open feeds, listed on /docs#feeds. */
const FEEDS = ['/feeds/hosts', '/feeds/domains.txt', '/feeds/adblock.txt', '/feeds/indicators.csv', '/feeds/indicators.json', '/feeds/stix', '/taxii2/', '/feeds/misp/manifest.json', '/api/v1/hashes/prefixes'];

/** /docs: the OpenAPI document as a readable page, rendered on the server (no script needed). */
export function registerApiDocs(app: AppInstance): void {
  app.get('/docs', { schema: { tags: ['pages'], summary: 'API documentation page' } }, (request, reply) => {
    const ctx = pageContext(request);
    const spec = app.swagger() as { paths?: Record<string, Record<string, Operation>> };
    const rows = Object.entries(spec.paths ?? {}).flatMap(([path, operations]) =>
      Object.entries(operations).map(([method, op]) => ({
        method: <code>{method.toUpperCase()}</code>,
        path: <code>{path}</code>,
        summary: op.summary ?? '',
        tag: (op.tags ?? []).join(', '),
      })),
    );
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t(ctx.locale, 'title')} wide>
        <PageHeader title={t(ctx.locale, 'title')} lead={t(ctx.locale, 'lead')} />
        <p>{t(ctx.locale, 'auth')}</p>
        <p><a href="/openapi.json">/openapi.json</a></p>
        <section aria-labelledby="feeds">
          <h2 id="feeds">{t(ctx.locale, 'feeds')}</h2>
          <ul class="link-list">
            {FEEDS.map((href) => (
              <li><a href={href}><code>{href}</code></a></li>
            ))}
            <li><code>/feeds/rpz</code> — {t(ctx.locale, 'feedsRpz')}</li>
          </ul>
        </section>
        <DataTable
          caption={t(ctx.locale, 'caption')}
          columns={[{ key: 'method', label: t(ctx.locale, 'method') }, { key: 'path', label: t(ctx.locale, 'path') }, { key: 'summary', label: t(ctx.locale, 'summary') }, { key: 'tag', label: t(ctx.locale, 'tag') }]}
          rows={rows}
          empty={t(ctx.locale, 'none')}
        />
      </Layout>,
    );
  });
}
