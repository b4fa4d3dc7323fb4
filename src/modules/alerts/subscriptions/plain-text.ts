// Advisories are written in Markdown; emails are plain text. This keeps what a reader needs (the
// words, list items, where links go) and drops the markup, then shortens long bodies: the email
// links to the full advisory on the site.

/** The first `max` characters of a Markdown text as plain text, cut at a word, with "…" when cut. */
export function markdownToText(markdown: string, max = 1000): string {
  const text = markdown
    .replace(/\r\n?/g, '\n')
    // Fenced code: keep the code, drop the fences.
    .replace(/^```[^\n]*\n?/gm, '')
    .replace(/<[^>\n]+>/g, '')
    // Images: their description. Links: the text, then where it goes (an autolink's text is its address).
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g, (_whole, label: string, href: string) => (label === href ? href : `${label} (${href})`))
    .replace(/^ {0,3}#{1,6}\s+/gm, '')
    .replace(/^ {0,3}>\s?/gm, '')
    .replace(/^(\s*)[*+]\s+/gm, '$1- ')
    .replace(/^ {0,3}([-*_])( *\1){2,} *$/gm, '')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|[^\w*])[*_]([^*_\n]+)[*_](?=[^\w*]|$)/g, '$1$2')
    .replace(/`([^`\n]+)`/g, '$1')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  const chars = [...text];
  if (chars.length <= max) return text;
  const cut = chars.slice(0, max).join('');
  const space = cut.search(/\s\S*$/);
  return `${(space > max * 0.8 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
