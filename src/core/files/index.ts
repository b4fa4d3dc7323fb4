/** Evidence files: type sniffing, metadata stripping and the content-addressed store. */
export {
  EVIDENCE_TYPES,
  EvidenceError,
  isEvidenceType,
  sniffContentType,
  type EvidenceErrorCode,
  type EvidenceType,
} from './sniff.ts';
export { stripImageMetadata } from './strip-metadata.ts';
export { EvidenceStore, safeFileName } from './store.ts';
