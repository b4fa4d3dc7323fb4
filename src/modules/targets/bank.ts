// Bank accounts: `<SHORTCODE>:<digits>`, the bank read from a name, code or Napas BIN in the
// input, `UNKNOWN:<digits>` (flagged) when none is given. Web APIs only: the lookup client
// (reputation/client) uses it as it is.
import type { Bank } from './banks.ts';
import { BANKS } from './banks.ts';
import { foldAccents } from './accents.ts';
import type { Target, TargetDetails } from './types.ts';
import { invalid } from './types.ts';

export const UNKNOWN_BANK_CODE = 'UNKNOWN';
const MIN_DIGITS = 6;
const MAX_DIGITS = 19;
const ACCOUNT_KEYWORDS = ['stk', 'so tai khoan', 'so tk', 'tai khoan', 'tk', 'account', 'account number', 'acc', 'acct'];
const FILLER_WORDS = ['ngan hang', 'nh', 'bank', 'so', 'no', 'number', 'tai', 'cua', UNKNOWN_BANK_CODE];

type Phrase = { words: string[]; kind: 'bank' | 'keyword' | 'filler'; bank?: Bank };

/** Fold accents and punctuation away: 'Ngân hàng: VCB' → ['ngan', 'hang', 'vcb']. */
function toWords(text: string): string[] {
  const folded = foldAccents(text).replace(/[^a-z0-9]+/g, ' ').trim();
  return folded === '' ? [] : folded.split(' ');
}

// People drop the legal form and the country: 'Ngân hàng TMCP Sài Gòn Thương Tín Việt Nam'
// is written 'ngân hàng Sài Gòn Thương Tín'.
function namesOf(bank: Bank): string[] {
  const informal = bank.fullName.replace(/\b(?:TMCP|Thương mại|TNHH|MTV)\s+/g, '').replace(/\s*\(.*\)$/, '');
  return [bank.shortCode, bank.name, bank.fullName, informal, informal.replace(/\s+Việt Nam$/, ''), ...bank.aliases];
}

// Every phrase that may name a bank or frame an account number, by first word, longest first.
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

export type BankAccountReading = {
  banks: Set<Bank>;
  digitRuns: string[];
  hasKeyword: boolean;
  leftoverWords: number;
};

function matchPhrase(words: string[], at: number): Phrase | null {
  const candidates = PHRASES.get(words[at] ?? '') ?? [];
  return candidates.find((phrase) => phrase.words.every((word, i) => words[at + i] === word)) ?? null;
}

/** Split free text into bank mentions, account keywords, digit runs and anything else. */
export function readBankAccount(input: string): BankAccountReading {
  const words = toWords(input);
  const reading: BankAccountReading = { banks: new Set(), digitRuns: [], hasKeyword: false, leftoverWords: 0 };
  let run: string[] = [];
  const endRun = (): void => {
    if (run.length > 0) reading.digitRuns.push(run.join(''));
    run = [];
  };
  for (let i = 0; i < words.length; ) {
    const word = words[i] ?? '';
    if (/^\d+$/.test(word)) {
      // A known BIN leading a digit run names the bank: `970436 0123456789`.
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

/** True when free text is nothing but a bank account: a bank or 'stk' keyword, one account number, no other words. */
export function looksLikeBankAccount(input: string): boolean {
  // Cheap refusal first (detection asks this of every domain and URL): the words are read
  // from ASCII digits and letters only, so fewer than MIN_DIGITS ASCII digits can never do.
  if (asciiDigitCount(input) < MIN_DIGITS) return false;
  const reading = readBankAccount(input);
  return (
    (reading.banks.size === 1 || (reading.banks.size === 0 && reading.hasKeyword)) &&
    reading.leftoverWords === 0 &&
    reading.digitRuns.length === 1 &&
    isAccountLength(reading.digitRuns[0] ?? '')
  );
}

function asciiDigitCount(text: string): number {
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) digits++;
  }
  return digits;
}

const isAccountLength = (digits: string): boolean => digits.length >= MIN_DIGITS && digits.length <= MAX_DIGITS;

/** Parse a bank_account target: `VCB: 0123-456-789`, `970436 0123456789` → `VCB:0123456789`. */
export function parseBankAccount(input: string): Target {
  const reading = readBankAccount(input);
  if (reading.banks.size > 1) return invalid('names more than one bank');
  const [digits, ...others] = reading.digitRuns;
  if (digits === undefined) return invalid('no account number');
  if (others.length > 0) return invalid('more than one account number');
  if (!isAccountLength(digits)) return invalid('account number must be 6–19 digits');
  const [bank] = reading.banks;
  const details: TargetDetails = { accountNumber: digits };
  if (bank === undefined) {
    return { type: 'bank_account', value: `${UNKNOWN_BANK_CODE}:${digits}`, display: digits, flags: ['unknown_bank'], details };
  }
  Object.assign(details, { bankCode: bank.shortCode, bankBin: bank.bin, bankName: bank.name });
  return { type: 'bank_account', value: `${bank.shortCode}:${digits}`, display: `${bank.name} ${digits}`, flags: [], details };
}
