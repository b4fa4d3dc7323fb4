// parseTarget: validate the requested type, detect one when it is omitted, and normalise, with
// the full Target the server records (display form, flags, details). The rules are reader.ts's;
// the url, domain and email parsers given to it here are the Node ones, with display and flags.
import { parseDomain } from './domain.ts';
import { parseEmail } from './email.ts';
import { createTargetReader } from './reader.ts';
import type { Target, TargetType } from './types.ts';
import { parseUrl } from './url.ts';

const readTarget = createTargetReader<Target>({ url: parseUrl, domain: parseDomain, email: parseEmail });

/** Detect (when type is omitted) and normalise; throws only TargetError. */
export function parseTarget(
  input: string,
  // eslint-disable-next-line @typescript-eslint/no-redundant-type-constituents -- TargetType names the expected values; any string is accepted, then checked.
  type?: TargetType | string,
): Target {
  const target = readTarget(input, type);
  const { display } = target;
  return display.isWellFormed() && !display.includes('\u0000') ? target : { ...target, display: display.toWellFormed().replaceAll('\u0000', '') };
}
