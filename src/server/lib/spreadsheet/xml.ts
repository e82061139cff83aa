/**
 * A small streaming XML tokenizer for the parts of an .xlsx: start and end tags with their
 * local names (prefixes dropped), and character data handed over as positions so that nobody
 * pays for text they ignore. No DTDs, so no entity expansion; comments and processing
 * instructions are skipped. Text split across chunks is handed over once whole.
 */
export interface XmlHandler {
  /** A start tag; `tag` reads its attributes, and only until the next tag. Self-closing tags get `close` right after. */
  open(name: string, tag: Tag): void;
  close(name: string): void;
  /** Character data `s.slice(from, to)`, still escaped (see `decodeXml`). */
  text(s: string, from: number, to: number): void;
}

/**
 * The start tag being handed over, found with indexOf rather than a loop over characters:
 * the `>` that ends it (one inside a quoted value does not), and on the way the quoted values,
 * from which an attribute asked for is read back by its name. The next quote of each kind is
 * remembered, so that a chunk is searched for quotes once however many tags it holds, and only
 * the values asked for are cut out: a million cells make little garbage here.
 */
export class Tag {
  private s = '';
  private double = -2;
  private single = -2;
  /** Start and end of each quoted value of the current tag, two numbers a value. */
  private readonly values: number[] = [];
  private count = 0;
  /** Where the value last located ends. */
  valueEnd = 0;

  /** A new chunk. */
  chunk(s: string): void {
    this.s = s;
    this.double = this.single = -2;
  }

  /** Moves to the tag opening at `lt`; returns the index of its `>`, or -1 if the chunk ends first. */
  find(lt: number): number {
    const s = this.s;
    this.count = 0;
    let from = lt + 1;
    let gt = s.indexOf('>', from);
    while (gt >= 0) {
      const q = this.quote(from);
      if (q < 0 || q > gt) return gt;
      const close = s.indexOf(s[q]!, q + 1);
      if (close < 0) return -1;
      this.values[this.count++] = q + 1;
      this.values[this.count++] = close;
      from = close + 1;
      if (close > gt) gt = s.indexOf('>', from);
    }
    return -1;
  }

  /** Moves to a tag known to have no attributes. */
  bare(): void {
    this.count = 0;
  }

  /** The value of attribute `name` (a prefixed name such as `r:id` is matched as written), decoded; null if absent. */
  attr(name: string): string | null {
    const raw = this.raw(name);
    return raw === null ? null : decodeXml(raw);
  }

  /** The same, not decoded: for values that are never escaped (cell references, numbers). */
  raw(name: string): string | null {
    const at = this.locate(name);
    return at < 0 ? null : this.s.slice(at, this.valueEnd);
  }

  /** Where the value of attribute `name` starts in `source` (it ends at `valueEnd`), or -1: to read it without cutting it out. */
  locate(name: string): number {
    const { s, values } = this;
    for (let k = 0; k < this.count; k += 2) {
      // Back from the opening quote: spaces, `=`, spaces, then the name, after a space.
      let e = values[k]! - 2;
      while (isSpace(s.charCodeAt(e))) e--;
      if (s.charCodeAt(e) !== 61 /* = */) continue;
      e--;
      while (isSpace(s.charCodeAt(e))) e--;
      const start = e + 1 - name.length;
      if (isSpace(s.charCodeAt(start - 1)) && s.startsWith(name, start)) {
        this.valueEnd = values[k + 1]!;
        return values[k]!;
      }
    }
    return -1;
  }

  /** The chunk the tag stands in. */
  get source(): string {
    return this.s;
  }

  /** The first quote at or after `from` (positions only grow within one chunk); -1 if none. */
  private quote(from: number): number {
    if (this.double !== -1 && this.double < from) this.double = this.s.indexOf('"', from);
    if (this.single !== -1 && this.single < from) this.single = this.s.indexOf("'", from);
    if (this.double < 0) return this.single;
    if (this.single < 0) return this.double;
    return Math.min(this.double, this.single);
  }
}

/**
 * The most a tag, or a run of text, may hold while it waits for its end in the next chunk: far
 * more than a cell can (Excel stops at 32,767 characters), and small enough that the pieces
 * put together again stay cheap. A file that holds more is refused, not read for ever.
 */
export const MAX_PENDING = 1024 * 1024;

/** Thrown when a tag or a text is longer than any spreadsheet writes (MAX_PENDING). */
export class XmlLimitError extends Error {}

export class XmlScanner {
  private rest = '';
  private readonly tag = new Tag();
  constructor(private readonly handler: XmlHandler) {}

  write(chunk: string): void {
    const s = this.rest === '' ? chunk : this.rest + chunk;
    const h = this.handler;
    const tag = this.tag;
    tag.chunk(s);
    const n = s.length;
    let i = 0;
    while (i < n) {
      const lt = s.indexOf('<', i);
      if (lt < 0) break;
      if (lt > i) h.text(s, i, lt);
      const next = s.charCodeAt(lt + 1);
      if (next === 33 /* ! */ || next === 63 /* ? */) {
        const end = skipSpecial(s, lt, h);
        if (end < 0) {
          i = lt;
          break;
        }
        i = end;
        continue;
      }
      // Most tags of a sheet are `<v>`, `</v>`, `</c>`: one letter, no attributes, no search needed.
      if (s.charCodeAt(lt + 2) === 62 /* > */ && next !== 47) {
        tag.bare();
        h.open(s[lt + 1]!, tag);
        i = lt + 3;
        continue;
      }
      if (next === 47 && s.charCodeAt(lt + 3) === 62) {
        h.close(s[lt + 2]!);
        i = lt + 4;
        continue;
      }
      const gt = tag.find(lt);
      if (gt < 0) {
        i = lt;
        break;
      }
      if (next === 47 /* / */) h.close(localName(s, lt + 2, gt));
      else {
        const selfClosing = s.charCodeAt(gt - 1) === 47;
        const name = localName(s, lt + 1, gt);
        h.open(name, tag);
        if (selfClosing) h.close(name);
      }
      i = gt + 1;
    }
    this.rest = i < n ? s.slice(i) : '';
    if (this.rest.length > MAX_PENDING) throw new XmlLimitError('a tag or a text runs past the limit');
  }
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** Comments, processing instructions and declarations are skipped; CDATA is text. Returns the index after it, or -1. */
function skipSpecial(s: string, lt: number, h: XmlHandler): number {
  if (s.startsWith('<![CDATA[', lt)) {
    const end = s.indexOf(']]>', lt + 9);
    if (end < 0) return -1;
    h.text(s, lt + 9, end);
    return end + 3;
  }
  const close = s.startsWith('<!--', lt) ? '-->' : s.charCodeAt(lt + 1) === 63 ? '?>' : '>';
  const end = s.indexOf(close, lt + 2);
  return end < 0 ? -1 : end + close.length;
}

function localName(s: string, from: number, to: number): string {
  let start = from;
  let end = from;
  while (end < to) {
    const c = s.charCodeAt(end);
    if (isSpace(c) || c === 47 || c === 62) break;
    if (c === 58 /* : */) start = end + 1;
    end++;
  }
  return s.slice(start, end);
}

const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * XML escapes (`&amp;`, `&#233;`, `&#xE9;`) undone, and the `_xHHHH_` escapes that Office
 * writes for characters XML cannot hold (`_x000D_` for a carriage return).
 */
export function decodeXml(raw: string): string {
  let s = raw;
  if (s.includes('&')) {
    s = s.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (whole, e: string) => {
      if (e[0] !== '#') return named[e] ?? whole;
      const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    });
  }
  if (s.includes('_x')) s = s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return s;
}
