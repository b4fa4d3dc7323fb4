// The name-only blocking lists: a hosts file, a plain list of domains, an AdBlock filter list.
// They carry the host names the RPZ blocks (see blocking.ts), in what each format can say:
// - hosts and domains.txt name exact hosts only — they cannot express "and every name below"
//   or exceptions. A `*.h` wildcard is written as its apex `h`; its subdomains are not listed
//   (use the RPZ, or the AdBlock list, for those).
// - AdBlock's `||h^` means h and every name below it. It is written for a host whose apex or
//   subdomains are blocked; for an exact listing that broadens it to subdomains (which belong
//   to the same owner, save for shared platforms). `||h^` is used rather than the exact-host
//   `|https://h^` because only pure host filters block page loads in uBlock Origin and work in
//   DNS-level blockers. No exception (`@@`) rules: they would override every block below them.
import type { LiveIndex } from '../live-index.ts';
import { blockingDecisions } from './blocking.ts';

export type NameListFormat = 'hosts' | 'domains' | 'adblock';

/** The first lines of a list: what it is, its serial, and how to stay current. */
export function nameListHeader(format: NameListFormat, serial: number, generatedAt: Date, url: string): string {
  if (format === 'adblock') {
    return (
      '[Adblock Plus 2.0]\n' +
      '! Title: antoan — trang nguy hiểm / dangerous sites\n' +
      `! Version: ${serial}\n` +
      `! Last modified: ${generatedAt.toISOString()}\n` +
      '! Expires: 1 hours\n' +
      `! Homepage: ${url}\n`
    );
  }
  const what = format === 'hosts' ? 'hosts file' : 'domain list';
  return (
    `# antoan — tên miền nguy hiểm / dangerous host names (${what})\n` +
    `# change serial ${serial}, generated ${generatedAt.toISOString()}\n` +
    '# Chỉ tên miền chính xác; tên miền con của một mục *.x không được liệt kê (dùng RPZ).\n' +
    '# Exact names only: the subdomains of a *.x listing are not listed (use the RPZ).\n' +
    `# ${url}\n`
  );
}

/** The list's lines for the listings in force at `now`, ending with a count (so a cut-off download shows). */
export function* nameListLines(format: NameListFormat, live: LiveIndex, now: number): Generator<string> {
  const comment = format === 'adblock' ? '!' : '#';
  let entries = 0;
  for (const decision of blockingDecisions(live, now)) {
    if (decision.kind !== 'host') continue;
    if (format === 'adblock') {
      if (decision.apex !== 'block' && decision.subdomains !== 'block') continue;
      yield `||${decision.host}^\n`;
    } else {
      if (decision.apex !== 'block') continue;
      yield format === 'hosts' ? `0.0.0.0 ${decision.host}\n` : `${decision.host}\n`;
    }
    entries++;
  }
  yield `${comment} end of list: ${entries} entries\n`;
}
