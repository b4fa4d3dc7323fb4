// Domain targets as the server records them: the normal form from hostname.ts, plus the Unicode
// display form and the look-alike flags, which need Node's domainToUnicode.
import { domainToUnicode } from 'node:url';
import { inspectHostScripts } from './confusables.ts';
import type { AsciiHost } from './hostname.ts';
import { PUNYCODE_LABEL, readDomain } from './hostname.ts';
import type { Target, TargetDetails, TargetFlag } from './types.ts';
import { sortFlags } from './types.ts';

/** Flags and skeleton describing how a canonical host was written and whether it imitates another. */
export function hostFlags(host: AsciiHost): { flags: TargetFlag[]; skeleton?: string } {
  const hasIdnLabel = PUNYCODE_LABEL.test(host.ascii);
  // Most hosts are plain ASCII names: nothing to flag, nothing to inspect.
  if (!hasIdnLabel && !host.hadNonAscii && !host.hadPunycode) return { flags: [] };
  const flags: TargetFlag[] = [];
  if (host.hadNonAscii || hasIdnLabel) flags.push('idn');
  if (host.hadPunycode) flags.push('punycode');
  const scripts = inspectHostScripts(host.ascii);
  flags.push(...scripts.flags);
  return scripts.skeleton === undefined ? { flags } : { flags, skeleton: scripts.skeleton };
}

/** Unicode form of an ASCII host for display; falls back to the ASCII form. */
export function displayHost(ascii: string): string {
  // Only an xn-- label has another form; the native call is skipped for the rest.
  if (!PUNYCODE_LABEL.test(ascii)) return ascii;
  const unicode = domainToUnicode(ascii);
  return unicode === '' ? ascii : unicode;
}

/** Parse a domain target: `Example.COM.` → `example.com`, `bücher.de` → `xn--bcher-kva.de`, `*.` kept. */
export function parseDomain(input: string): Target {
  const { wildcard, host, value } = readDomain(input);
  const prefix = wildcard ? '*.' : '';
  const { flags, skeleton } = hostFlags(host);
  const details: TargetDetails = { host: host.ascii, registrableDomain: host.registrableDomain };
  if (wildcard) details.wildcard = true;
  if (skeleton !== undefined) details.skeleton = skeleton;
  return {
    type: 'domain',
    value,
    display: prefix + displayHost(host.ascii),
    flags: sortFlags(flags),
    details,
  };
}
