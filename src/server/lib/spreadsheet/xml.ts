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

/** The start tag being handed over: its text, and its attributes read on demand. */
export class Tag {
  text = '';

  /** The value of attribute `name` (a prefixed name such as `r:id` is matched as written), decoded; null if absent. */
  attr(name: string): string | null {
    const raw = this.raw(name);
    return raw === null ? null : decodeXml(raw);
  }

  /** The same, not decoded: for values that are never escaped (cell references, numbers). */
  raw(name: string): string | null {
    const s = this.text;
    for (let eq = s.indexOf('='); eq > 0; ) {
      let v = eq + 1;
      while (isSpace(s.charCodeAt(v))) v++;
      const quote = s[v];
      if (quote !== '"' && quote !== "'") return null;
      const end = s.indexOf(quote, v + 1);
      if (end < 0) return null;
      let e = eq;
      while (isSpace(s.charCodeAt(e - 1))) e--;
      const start = e - name.length;
      if (start > 0 && isSpace(s.charCodeAt(start - 1)) && s.startsWith(name, start)) return s.slice(v + 1, end);
      eq = s.indexOf('=', end + 1);
    }
    return null;
  }
}

export class XmlScanner {
  private rest = '';
  private readonly tag = new Tag();
  private readonly ends = new TagEnds();
  constructor(private readonly handler: XmlHandler) {}

  write(chunk: string): void {
    const s = this.rest === '' ? chunk : this.rest + chunk;
    const h = this.handler;
    const tag = this.tag;
    const ends = this.ends;
    ends.reset(s);
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
      const gt = ends.find(lt);
      if (gt < 0) {
        i = lt;
        break;
      }
      if (next === 47 /* / */) h.close(localName(s, lt + 2, gt));
      else {
        const selfClosing = s.charCodeAt(gt - 1) === 47;
        const name = localName(s, lt + 1, gt);
        tag.text = s.slice(lt, gt + 1);
        h.open(name, tag);
        if (selfClosing) h.close(name);
      }
      i = gt + 1;
    }
    this.rest = i < n ? s.slice(i) : '';
  }
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/**
 * Finds the `>` that closes a tag, passing over quoted attribute values (which may hold a
 * `>`), with indexOf rather than a loop over characters; the next quote of each kind is
 * remembered, so that a chunk is searched for quotes once however many tags it holds.
 */
class TagEnds {
  private s = '';
  private double = -2;
  private single = -2;

  reset(s: string): void {
    this.s = s;
    this.double = this.single = -2;
  }

  /** The index of the `>` closing the tag at `lt`, or -1 if the chunk ends first. */
  find(lt: number): number {
    const s = this.s;
    let from = lt + 1;
    let gt = s.indexOf('>', from);
    while (gt >= 0) {
      const q = this.quote(from);
      if (q < 0 || q > gt) return gt;
      const close = s.indexOf(s[q]!, q + 1);
      if (close < 0) return -1;
      from = close + 1;
      if (close > gt) gt = s.indexOf('>', from);
    }
    return -1;
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
