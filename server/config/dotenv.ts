/**
 * A small dotenv-format parser: `KEY=value` lines, `export ` prefixes, `#` comments, single,
 * double and backtick quotes (quoted values may span lines). No variable expansion.
 *
 * - Unquoted values are trimmed; ` #` (a `#` at the start or after whitespace) starts a comment,
 *   so `URL=http://host/#anchor` and `PASSWORD=a#b` keep their `#`.
 * - Single- and backtick-quoted values are literal.
 * - Double-quoted values understand `\n`, `\r`, `\t`, `\\` and `\"`; any other backslash is kept.
 * - A later assignment of the same key wins.
 *
 * Kept rather than Node's `util.parseEnv` or the `dotenv` package: both cut `PASSWORD=a#b` to `a`,
 * and both pass a malformed line on silently (`util.parseEnv` even joins it into the next key's
 * name), where this parser names the file and line (checked with Node 20.20 and dotenv 16.6).
 */

export class DotenvSyntaxError extends Error {
  readonly line: number;
  constructor(line: number, message: string) {
    super(message);
    this.name = 'DotenvSyntaxError';
    this.line = line;
  }
}

const ASSIGNMENT = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*=[ \t]*/;
const DOUBLE_QUOTED_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', '"': '"' };
const QUOTE_NAMES: Record<string, string> = { '"': 'double', "'": 'single', '`': 'backtick' };

export function parseDotenv(text: string): Record<string, string> {
  const src = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const vars: Record<string, string> = {};
  let pos = 0;
  let line = 1;

  const endOfLine = (from: number): number => {
    const eol = src.indexOf('\n', from);
    return eol === -1 ? src.length : eol;
  };

  while (pos < src.length) {
    const eol = endOfLine(pos);
    const raw = src.slice(pos, eol);
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) {
      pos = eol + 1;
      line += 1;
      continue;
    }
    const match = ASSIGNMENT.exec(raw);
    if (!match) throw new DotenvSyntaxError(line, `expected KEY=value, found '${abbreviate(trimmed)}'`);
    const key = match[1] as string;
    let cursor = pos + match[0].length;
    const quote = src[cursor];

    if (quote === '"' || quote === "'" || quote === '`') {
      const startLine = line;
      let value = '';
      cursor += 1;
      for (;;) {
        if (cursor >= src.length) {
          throw new DotenvSyntaxError(startLine, `unterminated ${QUOTE_NAMES[quote]}-quoted value for ${key}`);
        }
        const ch = src[cursor] as string;
        if (ch === quote) break;
        if (ch === '\n') line += 1;
        if (quote === '"' && ch === '\\' && cursor + 1 < src.length) {
          const next = src[cursor + 1] as string;
          const escaped = DOUBLE_QUOTED_ESCAPES[next];
          if (escaped !== undefined) {
            value += escaped;
            cursor += 2;
            continue;
          }
        }
        value += ch;
        cursor += 1;
      }
      const restEnd = endOfLine(cursor + 1);
      if (!/^[ \t]*(?:#.*)?$/.test(src.slice(cursor + 1, restEnd))) {
        throw new DotenvSyntaxError(line, `unexpected text after the closing quote of ${key}`);
      }
      vars[key] = value;
      pos = restEnd + 1;
      line += 1;
      continue;
    }

    let value = src.slice(cursor, eol);
    const comment = value.search(/(?:^|[ \t])#/);
    if (comment !== -1) value = value.slice(0, comment);
    vars[key] = value.trim();
    pos = eol + 1;
    line += 1;
  }
  return vars;
}

function abbreviate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
