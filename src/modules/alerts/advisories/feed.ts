// GET /feeds/advisories.atom: the newest published public advisories as an Atom feed (RFC 4287).
// One language per feed — Vietnamese by default, English with `?lang=en` — chosen by the query
// only (never the cookie or Accept-Language), so a shared cache may hold each; every entry links
// its page in the feed's language and, as an alternate, in the other. The content is the body
// rendered by the same safe Markdown as the page, escaped as type="html". ETag and 304 as the
// other feeds, and `public, max-age=60`.
import { Type } from 'typebox';
import { sha256Hex } from '../../../core/crypto.ts';
import type { Locale } from '../../../core/i18n.ts';
import type { AppInstance } from '../../../core/http/types.ts';
import { categoryLabel } from '../../cases/index.ts';
import type { AlertsDeps } from '../deps.ts';
import { renderAdvisoryMarkdown } from './markdown.ts';
import { advisoryPath } from './model.ts';
import { severityLabel } from './pages/labels.ts';
import { listPublishedAdvisories } from './queries.ts';
import type { AdvisoryRow } from './repository.ts';

const FEED_SIZE = 50;
const FEED_RATE_LIMIT = { max: 120, timeWindow: 60_000 };
const FeedQuery = Type.Object({ lang: Type.Optional(Type.Enum(['vi', 'en'])) });
// What XML 1.0 cannot carry at all, even escaped: C0 controls but tab and newlines, lone surrogates, U+FFFE/U+FFFF.
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text for an XML element or a quoted attribute: characters XML cannot hold dropped, the rest escaped. */
export function escapeXml(text: string): string {
  return text.replace(NOT_XML, '').replace(/[&<>"']/g, (ch) => XML_ESCAPES[ch] ?? ch);
}

const WORDS = {
  vi: { title: 'Cảnh báo an toàn thông tin', subtitle: 'Cảnh báo của cơ quan chức năng về lừa đảo, giả mạo, mã độc và lộ lọt dữ liệu', author: 'An toàn', severity: 'Mức độ' },
  en: { title: 'Security advisories', subtitle: 'Warnings from the authorities about scams, impersonation, malware and data leaks', author: 'An toàn', severity: 'Severity' },
} as const;

/** The feed document for rows (newest first) in one language. */
export function atomFeed(rows: readonly AdvisoryRow[], publicUrl: string, l: Locale): string {
  const w = WORDS[l];
  const other: Locale = l === 'vi' ? 'en' : 'vi';
  const host = new URL(publicUrl).hostname;
  const self = `${publicUrl}/feeds/advisories.atom${l === 'en' ? '?lang=en' : ''}`;
  // A feed with nothing in it yet has not changed since the epoch: a fixed time keeps its ETag stable.
  const updated = rows[0]?.publishedAt ?? new Date(0);
  const attr = (text: string) => `"${escapeXml(text)}"`;
  const entries = rows.map((row) => {
    const page = `${publicUrl}${advisoryPath(row.number)}`;
    const at = (row.publishedAt ?? row.updatedAt).toISOString();
    const categories = row.categories.map((c) => `<category term=${attr(c)} scheme=${attr(`${publicUrl}/advisories#category`)} label=${attr(categoryLabel(c, l))}/>`);
    return [
      '<entry>',
      `<id>urn:uuid:${row.id}</id>`,
      `<title type="text">${escapeXml(l === 'en' ? row.titleEn : row.titleVi)}</title>`,
      `<link rel="alternate" type="text/html" hreflang="${l}" href=${attr(`${page}?lang=${l}`)}/>`,
      `<link rel="alternate" type="text/html" hreflang="${other}" href=${attr(`${page}?lang=${other}`)} title=${attr(other === 'en' ? row.titleEn : row.titleVi)}/>`,
      `<published>${at}</published>`,
      `<updated>${at}</updated>`,
      ...categories,
      `<category term=${attr(row.severity)} scheme=${attr(`${publicUrl}/advisories#severity`)} label=${attr(`${w.severity}: ${severityLabel(row.severity, l)}`)}/>`,
      `<content type="html">${escapeXml(renderAdvisoryMarkdown(l === 'en' ? row.bodyEn : row.bodyVi))}</content>`,
      '</entry>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${l}">`,
    `<id>tag:${escapeXml(host)},2026:advisories:${l}</id>`,
    `<title type="text">${escapeXml(w.title)}</title>`,
    `<subtitle type="text">${escapeXml(w.subtitle)}</subtitle>`,
    `<updated>${updated.toISOString()}</updated>`,
    `<author><name>${escapeXml(w.author)}</name><uri>${escapeXml(publicUrl)}</uri></author>`,
    `<link rel="self" type="application/atom+xml" href=${attr(self)}/>`,
    `<link rel="alternate" type="text/html" hreflang="${l}" href=${attr(`${publicUrl}/advisories?lang=${l}`)}/>`,
    `<link rel="alternate" type="application/atom+xml" hreflang="${other}" href=${attr(`${publicUrl}/feeds/advisories.atom${other === 'en' ? '?lang=en' : ''}`)}/>`,
    '<generator>antoan</generator>',
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}

/** The feed route. */
export function registerAdvisoryFeed(app: AppInstance, deps: AlertsDeps): void {
  const { database, config } = deps;
  app.get(
    '/feeds/advisories.atom',
    { config: { rateLimit: FEED_RATE_LIMIT }, schema: { tags: ['advisories'], summary: 'Published public advisories as an Atom feed (RFC 4287), newest 50: Vietnamese, or English with ?lang=en', querystring: FeedQuery } },
    async (request, reply) => {
      const l: Locale = request.query.lang === 'en' ? 'en' : 'vi';
      const page = await listPublishedAdvisories(database.db, null, { limit: FEED_SIZE });
      const body = atomFeed(page.items, config.publicUrl, l);
      const etag = `"advisories-${l}-${sha256Hex(body).slice(0, 32)}"`;
      void reply.header('etag', etag).header('cache-control', 'public, max-age=60');
      const asked = request.headers['if-none-match'];
      if (asked !== undefined && asked.split(',').some((tag) => ['*', etag].includes(tag.trim().replace(/^W\//, '')))) return reply.status(304).send();
      return reply.type('application/atom+xml; charset=utf-8').send(body);
    },
  );
}
