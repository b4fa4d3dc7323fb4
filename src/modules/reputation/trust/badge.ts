// The embeddable badge: a small SVG that says whether an organisation's trust badge is valid.
// Pure and static: no script, no style element, no external reference; every text escaped.
import type { Locale } from '../../../core/i18n.ts';
import type { BadgeState } from './directory.ts';

const WORDS = {
  vi: { label: 'Tín nhiệm mạng', approved: 'Đã xác thực', revoked: 'Đã thu hồi', invalid: 'Không hợp lệ' },
  en: { label: 'Network trust', approved: 'Verified', revoked: 'Revoked', invalid: 'Not valid' },
} as const;

// White text on each fill is ≥ 5.9:1 (WCAG AA): the site's header blue, success green, danger red, muted grey.
const FILLS = { label: '#0a2a4a', approved: '#1e6b34', revoked: '#b3261e', invalid: '#4a5563' } as const;

const HEIGHT = 20;
const PADDING = 6;
/** Average advance of the badge font at 11 px; `textLength` makes the text fit whatever the font. */
const CHAR_WIDTH = 6.6;

/** Text for XML content and attributes: the five special characters escaped, characters XML forbids removed. */
export function escapeXml(text: string): string {
  return text
    .toWellFormed()
    .replace(/[\p{Cc}\uFFFE\uFFFF]/gu, (c) => (c === '\t' || c === '\n' || c === '\r' ? c : ''))
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

function widthOf(text: string): number {
  return Math.round([...text].length * CHAR_WIDTH + 2 * PADDING);
}

/** The badge's texts: what it shows, and its accessible name. */
export function badgeTexts(state: BadgeState, locale: Locale): { label: string; status: string; title: string } {
  const words = WORDS[locale];
  const status = state.kind === 'approved' ? `${words.approved} · ${state.badgeNumber}` : state.kind === 'revoked' ? `${words.revoked} · ${state.badgeNumber}` : words.invalid;
  const title = state.kind === 'invalid' ? `${words.label}: ${status}` : `${words.label} — ${state.name}: ${status}`;
  return { label: words.label, status, title };
}

/** The badge as an SVG document. */
export function renderBadge(state: BadgeState, locale: Locale): string {
  const { label, status, title } = badgeTexts(state, locale);
  const left = widthOf(label);
  const right = widthOf(status);
  const width = left + right;
  const text = (x: number, content: string) =>
    `<text x="${x}" y="14" textLength="${[...content].length * CHAR_WIDTH}" lengthAdjust="spacingAndGlyphs">${escapeXml(content)}</text>`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${HEIGHT}" viewBox="0 0 ${width} ${HEIGHT}" role="img" aria-label="${escapeXml(title)}">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${left}" height="${HEIGHT}" rx="3" fill="${FILLS.label}"/>`,
    `<rect x="${left}" width="${right}" height="${HEIGHT}" rx="3" fill="${FILLS[state.kind]}"/>`,
    `<rect x="${left - 3}" width="6" height="${HEIGHT}" fill="${FILLS[state.kind]}"/>`,
    `<g fill="#ffffff" font-family="Verdana, DejaVu Sans, Arial, sans-serif" font-size="11">`,
    text(PADDING, label),
    text(left + PADDING, status),
    `</g>`,
    `</svg>`,
  ].join('');
}
