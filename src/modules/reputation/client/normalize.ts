// The client's normaliser: the server's normal form of a value (what `parseTarget` gives),
// computed without Node. The rules are the targets library's own (targets/reader.ts, through its
// portable surface): the same detection, limits and parsers. Only the url, domain and email
// parsers are the normal-form halves of the server's, since display forms and look-alike flags
// need Node and a lookup needs neither. portable.test.ts compares this with `parseTarget` on
// generated input. A Node caller may pass `parseTarget` itself to the client.
import {
  canonicalizeUrl,
  createTargetReader,
  readDomain,
  readEmailAddress,
  type TargetType,
  type TypedValue,
} from '../../targets/portable.ts';

/** A value in the server's normal form, with its type: all the client needs to look it up. */
export type LookupTarget = TypedValue;

/** Turns what a person or a program has into a LookupTarget; throws TargetError when it cannot. */
export type Normalize = (value: string, type?: TargetType) => LookupTarget;

const readTarget = createTargetReader<LookupTarget>({
  url: (input) => ({ type: 'url', value: canonicalizeUrl(input).href }),
  domain: (input) => ({ type: 'domain', value: readDomain(input).value }),
  email: (input) => ({ type: 'email', value: readEmailAddress(input).value }),
});

/** The normal form of a value, detecting its type when none is given: what the server's `parseTarget` gives. */
export const normalizeTarget: Normalize = (input, type) => {
  const { type: detected, value } = readTarget(input, type);
  return { type: detected, value };
};
