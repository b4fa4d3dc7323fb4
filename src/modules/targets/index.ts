// Public surface of the targets module: pure parsing and normalisation of reported targets
// (URLs, domains, phones, bank accounts, social accounts, emails, IPs, file hashes, text).
export {
  TARGET_ERROR_CODES,
  TARGET_FLAGS,
  TARGET_TYPES,
  SOCIAL_PLATFORMS,
  TargetError,
} from './types.ts';
export type {
  HashAlgorithm,
  SocialPlatform,
  Target,
  TargetDetails,
  TargetErrorCode,
  TargetFlag,
  TargetType,
} from './types.ts';
export { parseTarget } from './parse.ts';
export { TARGET_MAX_LENGTH, TARGET_MAX_TEXT_LENGTH, isTargetType } from './reader.ts';
export { urlLookupExpressions } from './canonical-url.ts';
export { registrableDomainOf } from './hostname.ts';
export { foldAccents } from './accents.ts';
export { BANKS } from './banks.ts';
export type { Bank } from './banks.ts';
export { TARGET_TYPE_LABELS, targetTypeLabel } from './labels.ts';
export { isPrivateIPv4, isPrivateIPv6, parseIPv4, parseIPv6 } from './ip.ts';
