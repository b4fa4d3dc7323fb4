// Streaming text for imports: lines from chunks split anywhere, and CSV records from lines
// (RFC 4180 quoting, a quoted field may span lines). Nothing here holds more than one entry.

/** Longest line, CSV record or JSON element an import reads; a longer one is one invalid entry. */
export const MAX_ENTRY_CHARS = 65_536;

/** A CSV record may continue a quoted field over at most this many lines. */
const MAX_RECORD_LINES = 10;

/** A line, or why it could not be read. */
export type LineOrProblem = { text: string } | { problem: string };

/**
 * Splits text chunks (as read from a file or a request, cut anywhere) into numbered lines
 * without their `\n` or `\r\n`. A byte-order mark at the start is dropped; a line longer than
 * MAX_ENTRY_CHARS is reported, not buffered.
 */
export class LineSplitter {
  private pending = '';
  private overlong = false;
  private lineNo = 0;

  constructor(private readonly onLine: (line: LineOrProblem, lineNo: number) => void) {}

  write(chunk: string): void {
    let start = 0;
    for (let newline = chunk.indexOf('\n'); newline !== -1; newline = chunk.indexOf('\n', start)) {
      this.take(chunk.slice(start, newline));
      this.flush();
      start = newline + 1;
    }
    this.take(chunk.slice(start));
  }

  end(): void {
    if (this.pending !== '' || this.overlong) this.flush();
  }

  private take(piece: string): void {
    if (this.overlong || piece === '') return;
    if (this.pending.length + piece.length > MAX_ENTRY_CHARS + 1) {
      this.overlong = true;
      this.pending = '';
      return;
    }
    this.pending += piece;
  }

  private flush(): void {
    this.lineNo++;
    let text = this.pending.endsWith('\r') ? this.pending.slice(0, -1) : this.pending;
    if (this.lineNo === 1 && text.startsWith('\ufeff')) text = text.slice(1);
    const overlong = this.overlong || text.length > MAX_ENTRY_CHARS;
    this.pending = '';
    this.overlong = false;
    this.onLine(overlong ? { problem: `line longer than ${MAX_ENTRY_CHARS} characters` } : { text }, this.lineNo);
  }
}

/** A CSV record's fields, or why it could not be read. */
export type RecordOrProblem = { fields: string[] } | { problem: string };

/**
 * Assembles CSV records from lines. A quote opens a quoted field only at the start of a field
 * (`a"b` is just text); `""` inside quotes is one quote. A quoted field left open for more than
 * MAX_RECORD_LINES lines, or past MAX_ENTRY_CHARS, makes its first line invalid and the lines
 * after it are read again as records of their own, so one stray quote costs one line.
 */
export class CsvReader {
  private fields: string[] = [];
  private field = '';
  private quoted = false;
  private fieldStarted = false;
  private lines: { text: string; no: number }[] = [];
  private size = 0;

  constructor(private readonly onRecord: (record: RecordOrProblem, lineNo: number) => void) {}

  line(line: LineOrProblem, lineNo: number): void {
    const queue: { line: LineOrProblem; no: number }[] = [{ line, no: lineNo }];
    for (let i = 0; i < queue.length; i++) {
      const item = queue[i];
      if (item === undefined) continue;
      if ('problem' in item.line) {
        // A record in progress ends here; its lines are read again before this one is reported.
        if (this.lines.length > 0) queue.splice(i + 1, 0, ...this.replay(this.abandon('a quoted field is not closed')), item);
        else this.onRecord({ problem: item.line.problem }, item.no);
        continue;
      }
      const text = item.line.text;
      this.lines.push({ text, no: item.no });
      this.size += text.length;
      if (this.scan(text)) {
        const first = this.lines[0]?.no ?? item.no;
        const fields = this.fields;
        this.reset();
        this.onRecord({ fields }, first);
      } else if (this.lines.length >= MAX_RECORD_LINES || this.size > MAX_ENTRY_CHARS) {
        queue.splice(i + 1, 0, ...this.replay(this.abandon('a quoted field is not closed')));
      }
    }
  }

  end(): void {
    while (this.lines.length > 0) {
      for (const line of this.abandon('a quoted field is not closed at the end of the file')) this.line({ text: line.text }, line.no);
    }
  }

  private replay(lines: readonly { text: string; no: number }[]): { line: LineOrProblem; no: number }[] {
    return lines.map((l) => ({ line: { text: l.text }, no: l.no }));
  }

  /** Give up the record in progress: its first line is reported, the others are returned to be read again. */
  private abandon(problem: string): { text: string; no: number }[] {
    const [first, ...rest] = this.lines;
    this.reset();
    if (first !== undefined) this.onRecord({ problem }, first.no);
    return rest;
  }

  private reset(): void {
    this.fields = [];
    this.field = '';
    this.quoted = false;
    this.fieldStarted = false;
    this.lines = [];
    this.size = 0;
  }

  // Continue the record with one line; true when the record ends with it.
  private scan(text: string): boolean {
    if (!this.quoted && !this.fieldStarted && this.fields.length === 0 && !text.includes('"')) {
      this.fields = text.split(',');
      return true;
    }
    let i = 0;
    while (i < text.length) {
      if (this.quoted) {
        const quote = text.indexOf('"', i);
        if (quote === -1) {
          this.field += text.slice(i);
          i = text.length;
        } else if (text.charCodeAt(quote + 1) === 34) {
          this.field += `${text.slice(i, quote)}"`;
          i = quote + 2;
        } else {
          this.field += text.slice(i, quote);
          this.quoted = false;
          i = quote + 1;
        }
        continue;
      }
      const char = text.charCodeAt(i);
      if (char === 44) {
        this.fields.push(this.field);
        this.field = '';
        this.fieldStarted = false;
      } else if (char === 34 && !this.fieldStarted) {
        this.quoted = true;
        this.fieldStarted = true;
      } else {
        this.field += text.charAt(i);
        this.fieldStarted = true;
      }
      i++;
    }
    if (this.quoted) {
      this.field += '\n';
      return false;
    }
    this.fields.push(this.field);
    return true;
  }
}

/** Read a whole CSV line (no quoted line breaks): its fields. For header detection. */
export function csvFieldsOf(line: string): string[] {
  let fields: string[] = [];
  new CsvReader((record) => {
    if ('fields' in record) fields = record.fields;
  }).line({ text: line }, 1);
  return fields;
}
