// Bank accounts for the client: the targets library's reading (targets/bank.ts), which cannot be
// imported as it is — it takes `foldAccents` from confusables.ts, a file that also imports
// node:url. Same phrases, same bank table (targets/banks.ts, pure data), same results; the
// client's property test compares the two on generated input. Moving `foldAccents` into a file
// of its own in the targets module would let this file go.
import { BANKS, type Bank } from '../../targets/banks.ts';
import { invalid } from '../../targets/types.ts';

const UNKNOWN_BANK_CODE = 'UNKNOWN';
const MIN_DIGITS = 6;
const MAX_DIGITS = 19;
const ACCOUNT_KEYWORDS = ['stk', 'so tai khoan', 'so tk', 'tai khoan', 'tk', 'account', 'account number', 'acc', 'acct'];
const FILLER_WORDS = ['ngan hang', 'nh', 'bank', 'so', 'no', 'number', 'tai', 'cua', UNKNOWN_BANK_CODE];

type Phrase = { words: string[]; kind: 'bank' | 'keyword' | 'filler'; bank?: Bank };
type Reading = { banks: Set<Bank>; digitRuns: string[]; hasKeyword: boolean; leftoverWords: number };

// 'Lừa Đảo' → 'lua dao', as targets/confusables.ts foldAccents.
function foldAccents(text: string): string {
  return text.toLowerCase().replace(/đ/g, 'd').normalize('NFD').replace(/\p{M}+/gu, '').replace(/\s+/g, ' ').trim();
}

function toWords(text: string): string[] {
  const folded = foldAccents(text).replace(/[^a-z0-9]+/g, ' ').trim();
  return folded === '' ? [] : folded.split(' ');
}

function namesOf(bank: Bank): string[] {
  const informal = bank.fullName.replace(/\b(?:TMCP|Thương mại|TNHH|MTV)\s+/g, '').replace(/\s*\(.*\)$/, '');
  return [bank.shortCode, bank.name, bank.fullName, informal, informal.replace(/\s+Việt Nam$/, ''), ...bank.aliases];
}

const PHRASES: ReadonlyMap<string, readonly Phrase[]> = (() => {
  const all: Phrase[] = [
    ...BANKS.flatMap((bank) => namesOf(bank).map((name): Phrase => ({ words: toWords(name), kind: 'bank', bank }))),
    ...ACCOUNT_KEYWORDS.map((k): Phrase => ({ words: toWords(k), kind: 'keyword' })),
    ...FILLER_WORDS.map((k): Phrase => ({ words: toWords(k), kind: 'filler' })),
  ];
  const index = new Map<string, Phrase[]>();
  for (const phrase of all) {
    const first = phrase.words[0];
    if (first === undefined) continue;
    index.set(first, [...(index.get(first) ?? []), phrase]);
  }
  for (const list of index.values()) list.sort((a, b) => b.words.length - a.words.length);
  return index;
})();

const BANKS_BY_BIN: ReadonlyMap<string, Bank> = new Map(BANKS.map((bank) => [bank.bin, bank]));

function matchPhrase(words: string[], at: number): Phrase | null {
  const candidates = PHRASES.get(words[at] ?? '') ?? [];
  return candidates.find((phrase) => phrase.words.every((word, i) => words[at + i] === word)) ?? null;
}

function readBankAccount(input: string): Reading {
  const words = toWords(input);
  const reading: Reading = { banks: new Set(), digitRuns: [], hasKeyword: false, leftoverWords: 0 };
  let run: string[] = [];
  const endRun = (): void => {
    if (run.length > 0) reading.digitRuns.push(run.join(''));
    run = [];
  };
  for (let i = 0; i < words.length; ) {
    const word = words[i] ?? '';
    if (/^\d+$/.test(word)) {
      const binBank = run.length === 0 && /^\d+$/.test(words[i + 1] ?? '') ? BANKS_BY_BIN.get(word) : undefined;
      if (binBank === undefined) run.push(word);
      else reading.banks.add(binBank);
      i++;
      continue;
    }
    endRun();
    const phrase = matchPhrase(words, i);
    if (phrase === null) {
      reading.leftoverWords++;
      i++;
      continue;
    }
    if (phrase.bank !== undefined) reading.banks.add(phrase.bank);
    if (phrase.kind === 'keyword') reading.hasKeyword = true;
    i += phrase.words.length;
  }
  endRun();
  return reading;
}

const isAccountLength = (digits: string): boolean => digits.length >= MIN_DIGITS && digits.length <= MAX_DIGITS;

/** True when free text is nothing but a bank account: a bank or 'stk' keyword, one account number, no other words. */
export function looksLikeBankAccount(input: string): boolean {
  const reading = readBankAccount(input);
  return (
    (reading.banks.size === 1 || (reading.banks.size === 0 && reading.hasKeyword)) &&
    reading.leftoverWords === 0 &&
    reading.digitRuns.length === 1 &&
    isAccountLength(reading.digitRuns[0] ?? '')
  );
}

/** The normal form of a bank account: `VCB: 0123-456-789` → `VCB:0123456789`, `UNKNOWN:<digits>` without a bank. */
export function parseBankAccount(input: string): { type: 'bank_account'; value: string } {
  const reading = readBankAccount(input);
  if (reading.banks.size > 1) return invalid('names more than one bank');
  const [digits, ...others] = reading.digitRuns;
  if (digits === undefined) return invalid('no account number');
  if (others.length > 0) return invalid('more than one account number');
  if (!isAccountLength(digits)) return invalid('account number must be 6–19 digits');
  const [bank] = reading.banks;
  return { type: 'bank_account', value: `${bank?.shortCode ?? UNKNOWN_BANK_CODE}:${digits}` };
}
