// The elements of a big JSON array, one at a time: the document is scanned character by
// character (strings, escapes and nesting only), and each element of the array is cut out and
// handed to JSON.parse on its own. A 1,000,000-element file never becomes one giant value, and
// a malformed element is one invalid entry, not a failed file.
import { MAX_ENTRY_CHARS } from './text.ts';

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const NEWLINE = 10;
const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;
const OPEN_ARRAY = 91;
const CLOSE_ARRAY = 93;

const BOM = 0xfeff;

const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;

type Capture = { parts: string[]; from: number; size: number; line: number; kind: 'container' | 'string' | 'scalar'; tooLong: boolean };

export type JsonElementSink = {
  element(value: unknown, line: number): void;
  problem(reason: string, line: number): void;
};

/**
 * Reads the top-level array of a JSON document, or the array under one of `wrapperKeys` of a
 * top-level object (`{"indicators": [...]}`), from text chunks cut anywhere. Each element goes
 * to `sink.element` with the line it starts on; an element that is not valid JSON, is longer
 * than MAX_ENTRY_CHARS, or a document that is not shaped like that, goes to `sink.problem`.
 * Never throws.
 */
export class JsonArrayReader {
  private stack: number[] = [];
  private inString = false;
  private escaped = false;
  private line = 1;
  private itemsDepth = 0;
  private state: 'start' | 'reading' | 'done' | 'failed' = 'start';
  private capture: Capture | null = null;
  // The key of the top-level object's member being read (short keys only), and whether a `:` followed it.
  private keyText: string | null = null;
  private currentKey: string | null = null;
  private itemsOpen = false;
  private itemsSeen = false;

  constructor(
    private readonly wrapperKeys: readonly string[],
    private readonly sink: JsonElementSink,
  ) {}

  write(chunk: string): void {
    if (this.state === 'failed') return;
    if (this.capture !== null) this.capture.from = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (c === NEWLINE) this.line++;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === BACKSLASH) this.escaped = true;
        else if (c === QUOTE) this.endString(chunk, i);
        else if (this.keyText !== null) this.keyText = this.keyText.length < 64 ? this.keyText + chunk.charAt(i) : this.keyText;
        continue;
      }
      if (isSpace(c) || (c === BOM && this.state === 'start')) {
        if (this.capture?.kind === 'scalar' && this.itemsOpen && this.stack.length === this.itemsDepth) this.finish(chunk, i);
        continue;
      }
      if (this.state === 'done') {
        this.fail('text after the end of the JSON document');
        return;
      }
      if (this.state === 'start' && !this.begin(c)) return;
      if (!this.step(chunk, i, c)) return;
    }
    const capture = this.capture;
    if (capture !== null) this.keep(capture, chunk.slice(capture.from));
  }

  end(): void {
    if (this.state === 'failed') return;
    if (this.capture?.kind === 'scalar' && this.itemsOpen && this.stack.length === this.itemsDepth) this.finish('', 0);
    if (this.state === 'start') this.sink.problem('no JSON array found', this.line);
    else if (this.stack.length > 0) this.sink.problem('the JSON document ends before its closing bracket', this.line);
    else if (!this.itemsSeen) this.sink.problem(`no array of entries (expected a top-level array or ${this.wrapperKeys.map((k) => `"${k}"`).join(', ')})`, this.line);
  }

  private begin(c: number): boolean {
    if (c === OPEN_ARRAY) {
      this.itemsDepth = 1;
      this.itemsOpen = true;
    } else if (c !== OPEN_OBJECT) {
      this.fail('not a JSON array or object');
      return false;
    }
    this.state = 'reading';
    return true;
  }

  // One structural character outside strings; false when the document is broken.
  private step(chunk: string, i: number, c: number): boolean {
    const depth = this.stack.length;
    const atItems = this.itemsOpen && depth === this.itemsDepth;
    if (atItems && this.capture === null && c !== COMMA && c !== CLOSE_ARRAY) this.start(i, c);
    switch (c) {
      case QUOTE:
        this.inString = true;
        if (depth === 1 && this.stack[0] === OPEN_OBJECT && this.currentKey === null) this.keyText = '';
        return true;
      case OPEN_OBJECT:
      case OPEN_ARRAY:
        if (c === OPEN_ARRAY && depth === 1 && this.stack[0] === OPEN_OBJECT && this.itemsDepth === 0 && this.currentKey !== null && this.wrapperKeys.includes(this.currentKey)) {
          this.itemsDepth = 2;
          this.itemsOpen = true;
        }
        this.stack.push(c);
        return true;
      case CLOSE_OBJECT:
      case CLOSE_ARRAY: {
        if (this.capture?.kind === 'scalar' && atItems) this.finish(chunk, i);
        const open = this.stack.pop();
        if (open !== (c === CLOSE_OBJECT ? OPEN_OBJECT : OPEN_ARRAY)) return this.fail('brackets do not match');
        if (this.capture?.kind === 'container' && this.itemsOpen && this.stack.length === this.itemsDepth) this.finish(chunk, i + 1);
        if (this.itemsOpen && this.stack.length === this.itemsDepth - 1) {
          this.itemsOpen = false;
          this.itemsSeen = true;
        }
        if (this.stack.length === 1 && this.stack[0] === OPEN_OBJECT) this.currentKey = null;
        if (this.stack.length === 0) this.state = 'done';
        return true;
      }
      case COMMA:
        if (this.capture?.kind === 'scalar' && atItems) this.finish(chunk, i);
        if (depth === 1) this.currentKey = null;
        return true;
      case COLON:
        return true;
      default:
        return true;
    }
  }

  private endString(chunk: string, i: number): void {
    this.inString = false;
    if (this.keyText !== null) {
      this.currentKey = this.keyText;
      this.keyText = null;
    }
    if (this.capture?.kind === 'string' && this.itemsOpen && this.stack.length === this.itemsDepth) this.finish(chunk, i + 1);
  }

  private start(i: number, c: number): void {
    const kind = c === OPEN_OBJECT || c === OPEN_ARRAY ? 'container' : c === QUOTE ? 'string' : 'scalar';
    this.capture = { parts: [], from: i, size: 0, line: this.line, kind, tooLong: false };
  }

  private keep(capture: Capture, text: string): void {
    if (capture.tooLong) return;
    capture.size += text.length;
    if (capture.size > MAX_ENTRY_CHARS) {
      capture.tooLong = true;
      capture.parts = [];
    } else if (text !== '') capture.parts.push(text);
  }

  // The element being cut out ends before index `end` of `chunk`.
  private finish(chunk: string, end: number): void {
    const capture = this.capture;
    if (capture === null) return;
    this.capture = null;
    this.keep(capture, chunk.slice(capture.from, end));
    if (capture.tooLong) {
      this.sink.problem(`entry longer than ${MAX_ENTRY_CHARS} characters`, capture.line);
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(capture.parts.join(''));
    } catch {
      this.sink.problem('not valid JSON', capture.line);
      return;
    }
    this.sink.element(value, capture.line);
  }

  private fail(reason: string): false {
    this.state = 'failed';
    this.capture = null;
    this.sink.problem(reason, this.line);
    return false;
  }
}
