// Accent folding used to compare Vietnamese text (bank names, search). Web APIs only.

/** Fold Vietnamese accents for search and comparison: 'Lừa Đảo' → 'lua dao' (NFD, strip marks, đ→d, lower-case, collapse whitespace). */
export function foldAccents(text: string): string {
  // Lower-case first: some capitals lower-case to a letter plus a mark ('İ' → 'i̇').
  return text
    .toLowerCase()
    .replace(/đ/g, 'd')
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}
