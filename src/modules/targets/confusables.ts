// Look-alike letters that disguise a host as a familiar Latin name. Server-only: reading a host's
// Unicode labels needs Node's domainToUnicode (the accent folding once here is in accents.ts).
import { domainToUnicode } from 'node:url';
import { domainToAscii } from './idna.ts';
import type { TargetFlag } from './types.ts';

// A deliberately short list drawn from Unicode's confusables.txt: only letters that render
// (near-)identically to a lower-case Latin letter in common fonts. Host labels reach this
// table after UTS #46 mapping, so upper-case forms are already folded. Vietnamese Latin
// letters with diacritics (ạ, ư, đ…) are not look-alikes and must never appear here.
const LOOK_ALIKES: ReadonlyMap<string, string> = new Map([
  // Cyrillic
  ['а', 'a'], ['с', 'c'], ['ԁ', 'd'], ['е', 'e'], ['һ', 'h'], ['і', 'i'], ['ј', 'j'],
  ['к', 'k'], ['ӏ', 'l'], ['о', 'o'], ['р', 'p'], ['ԛ', 'q'], ['ѕ', 's'], ['у', 'y'],
  ['ү', 'y'], ['х', 'x'], ['ԝ', 'w'],
  // Greek
  ['α', 'a'], ['ι', 'i'], ['κ', 'k'], ['ν', 'v'], ['ο', 'o'], ['ρ', 'p'], ['τ', 't'],
  ['υ', 'u'], ['χ', 'x'], ['γ', 'y'], ['ϲ', 'c'], ['ϳ', 'j'],
  // Armenian
  ['օ', 'o'], ['ս', 'u'], ['ո', 'n'], ['հ', 'h'], ['ց', 'g'],
  // Latin letters outside ASCII that pass for ASCII ones
  ['ı', 'i'], ['ɑ', 'a'], ['ɡ', 'g'], ['ɩ', 'i'],
]);

const LATIN = /\p{Script=Latin}/u;
const FOREIGN_SCRIPT = /[\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Armenian}]/u;
const ASCII_LABEL = /^[a-z0-9_-]*$/;

export type HostScriptReport = { flags: TargetFlag[]; skeleton?: string };

/** Map every look-alike letter of a Unicode label to its Latin twin. */
export function skeletonOfLabel(label: string): string {
  let out = '';
  for (const char of label) out += LOOK_ALIKES.get(char) ?? char;
  return out;
}

/** Inspect a canonical ASCII host for look-alike and mixed-script labels. */
export function inspectHostScripts(asciiHost: string): HostScriptReport {
  if (!asciiHost.split('.').some((label) => label.startsWith('xn--'))) return { flags: [] };
  const unicodeHost = domainToUnicode(asciiHost);
  if (unicodeHost === '') return { flags: [] };
  const flags = new Set<TargetFlag>();
  const skeletonLabels: string[] = [];
  for (const label of unicodeHost.split('.')) {
    const chars = [...label];
    const hasLatin = chars.some((c) => LATIN.test(c));
    const hasForeign = chars.some((c) => FOREIGN_SCRIPT.test(c));
    if (hasLatin && hasForeign) flags.add('mixed_script');
    const skeleton = skeletonOfLabel(label);
    if (skeleton !== label && ASCII_LABEL.test(skeleton)) flags.add('confusable');
    skeletonLabels.push(skeleton);
  }
  if (!flags.has('confusable')) return { flags: [...flags] };
  const skeletonHost = skeletonLabels.join('.');
  const asciiSkeleton = domainToAscii(skeletonHost);
  return { flags: [...flags], skeleton: asciiSkeleton === '' ? skeletonHost : asciiSkeleton };
}
