// Advisory bodies are Markdown written by staff but shown to everyone, so they render through a
// deliberately narrow markdown-it: no raw HTML (it is escaped), no bare-URL linking, links only to
// http, https and mailto, every link marked nofollow/noopener/noreferrer, and no images — the strict
// CSP would block a remote image anyway, and a page must not make readers' browsers fetch from
// whoever an advisory names. An image becomes a link to it (or its alt text when its address is
// refused). Headings move down two levels so a body's `#` never competes with the page's <h1>.
import MarkdownIt from 'markdown-it';
import { raw, type Html } from '../../../web/jsx/jsx-runtime.ts';

const ALLOWED_LINK = /^(?:https?|mailto):/i;
const LINK_REL = 'nofollow noopener noreferrer';

function build(): MarkdownIt {
  const md = new MarkdownIt('default', { html: false, linkify: false, typographer: false });
  // markdown-it hands this the normalised, entity-decoded address: an allow-list, not a deny-list,
  // so `JaVaScRiPt:`, `data:`, `vbscript:` and anything new are refused alike.
  md.validateLink = (url: string) => ALLOWED_LINK.test(url.trim());
  md.renderer.rules.link_open = (tokens, index, options, _env, self) => {
    tokens[index]?.attrSet('rel', LINK_REL);
    return self.renderToken(tokens, index, options);
  };
  md.renderer.rules.image = (tokens, index, options, env, self) => {
    const token = tokens[index];
    if (token === undefined) return '';
    const alt = md.utils.escapeHtml(self.renderInlineAsText(token.children ?? [], options, env));
    const src = token.attrGet('src') ?? '';
    if (!ALLOWED_LINK.test(src)) return alt;
    return `<a href="${md.utils.escapeHtml(src)}" rel="${LINK_REL}">${alt === '' ? md.utils.escapeHtml(src) : alt}</a>`;
  };
  md.core.ruler.push('advisory_heading_levels', (state) => {
    for (const token of state.tokens) {
      if (token.type !== 'heading_open' && token.type !== 'heading_close') continue;
      const level = Number(token.tag.slice(1));
      token.tag = `h${Math.min(6, level + 2)}`;
    }
    return true;
  });
  return md;
}

const renderer = build();

/** The body as HTML that is safe to put in a page or a feed (see the rules above). */
export function renderAdvisoryMarkdown(markdown: string): string {
  return renderer.render(markdown);
}

/** The same, marked trusted for the JSX runtime (which escapes every other string). */
export function AdvisoryBody(props: { markdown: string; lang: string }): Html {
  return raw(`<div class="advisory-body" lang="${props.lang === 'en' ? 'en' : 'vi'}">${renderAdvisoryMarkdown(props.markdown)}</div>`);
}
