/**
 * Python's `str.format` for text values, as Langflow's f-string prompts use it (langchain's
 * PromptTemplate formats with Python's Formatter): `{name}` fields, `{{` and `}}` as literal braces,
 * `!s` / `!r` / `!a` conversions and the string format spec (`{name:>10}`, `{name:.5}`). The error
 * messages are Python's.
 */

export class PythonFormatError extends Error {
  override name = 'PythonFormatError';
}

/** One piece of a format string, as Python's `Formatter().parse` yields it. */
export interface FormatPiece {
  literal: string;
  /** The field's text before `!` / `:` (may be `""`, as for `{}`); absent after the last literal. */
  field?: { name: string; conversion?: string; spec: string };
}

/** Python's `string.Formatter().parse`: throws PythonFormatError where Python raises ValueError. */
export function parseFormat(format: string): FormatPiece[] {
  const pieces: FormatPiece[] = [];
  let literal = '';
  let i = 0;
  while (i < format.length) {
    const c = format[i]!;
    if (c === '}') {
      if (format[i + 1] !== '}') throw new PythonFormatError("Single '}' encountered in format string");
      literal += '}';
      i += 2;
      continue;
    }
    if (c !== '{') {
      literal += c;
      i += 1;
      continue;
    }
    if (format[i + 1] === '{') {
      literal += '{';
      i += 2;
      continue;
    }
    if (i + 1 >= format.length) throw new PythonFormatError("Single '{' encountered in format string");
    const end = fieldEnd(format, i + 1);
    pieces.push({ literal, field: splitField(format.slice(i + 1, end)) });
    literal = '';
    i = end + 1;
  }
  if (literal !== '' || pieces.length === 0) pieces.push({ literal });
  return pieces;
}

/** Index of the `}` closing a field that starts at `start` (nested braces of the spec counted). */
function fieldEnd(format: string, start: number): number {
  let depth = 1;
  for (let i = start; i < format.length; i++) {
    const c = format[i];
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  throw new PythonFormatError("expected '}' before end of string");
}

/** `name!conversion:spec`; a `[` in the name runs to its `]` (so `a[:]` is a name). */
function splitField(text: string): NonNullable<FormatPiece['field']> {
  let i = 0;
  while (i < text.length && text[i] !== '!' && text[i] !== ':') {
    if (text[i] === '{') throw new PythonFormatError("unexpected '{' in field name");
    if (text[i] === '[') {
      while (i < text.length && text[i] !== ']') i++;
    }
    i++;
  }
  const name = text.slice(0, i);
  if (i >= text.length) return { name, spec: '' };
  if (text[i] === ':') return { name, spec: text.slice(i + 1) };
  if (i + 1 >= text.length) throw new PythonFormatError("unmatched '{' in format spec");
  const conversion = text[i + 1]!;
  if (i + 2 < text.length && text[i + 2] !== ':') throw new PythonFormatError("expected ':' after conversion specifier");
  return { name, conversion, spec: text.slice(i + 3) };
}

/** The field names of a format string, first occurrence order, without `""` (Langflow's variable extraction). */
export function formatFieldNames(format: string): string[] {
  const names: string[] = [];
  for (const piece of parseFormat(format)) {
    const name = piece.field?.name;
    if (name && !names.includes(name)) names.push(name);
  }
  return names;
}

/**
 * `format.format(**values)` for text values. A field names a keyword by the text before its first
 * `.` or `[`; attribute access and indexing are refused (as langchain's f-string templates refuse them).
 */
export function formatPython(format: string, values: Readonly<Record<string, string>>, depth = 2): string {
  if (depth < 0) throw new PythonFormatError('Max string recursion exceeded');
  let out = '';
  for (const { literal, field } of parseFormat(format)) {
    out += literal;
    if (!field) continue;
    const argName = /^[^.[]*/.exec(field.name)![0];
    if (argName === '' || /^\d+$/.test(argName)) {
      // No positional values are ever given: the first `{}` or `{0}` is out of range.
      const index = argName === '' ? 0 : Number(argName);
      throw new PythonFormatError(`Replacement index ${index} out of range for positional args tuple`);
    }
    if (argName !== field.name) {
      throw new PythonFormatError(`Invalid variable name ${pyRepr(field.name)} in f-string template. Variable names cannot contain attribute access (.) or indexing ([]).`);
    }
    if (!Object.hasOwn(values, argName)) throw new PythonFormatError(`KeyError: ${pyRepr(argName)}`);
    const value = convert(values[argName]!, field.conversion);
    out += formatString(value, formatPython(field.spec, values, depth - 1));
  }
  return out;
}

function convert(value: string, conversion: string | undefined): string {
  switch (conversion) {
    case undefined:
    case 's':
      return value;
    case 'r':
      return pyRepr(value);
    case 'a':
      return pyRepr(value, true);
    default:
      throw new PythonFormatError(`Unknown conversion specifier ${conversion}`);
  }
}

const SPEC = /^(?:([\s\S])?([<>=^]))?([-+ ])?(z)?(#)?(0)?(\d+)?([_,])?(?:\.(\d+))?([\s\S])?$/u;

/** `format(value, spec)` for a str: fill, alignment, width and precision; Python's errors for the rest. */
export function formatString(value: string, spec: string): string {
  if (spec === '') return value;
  const m = SPEC.exec(spec);
  if (!m) throw new PythonFormatError(`Invalid format specifier '${spec}' for object of type 'str'`);
  const [, fillGiven, align, sign, z, alt, zero, width, grouping, precision, type] = m;
  if (type !== undefined && type !== 's') throw new PythonFormatError(`Unknown format code '${type}' for object of type 'str'`);
  if (sign) throw new PythonFormatError('Sign not allowed in string format specifier');
  if (z) throw new PythonFormatError('Negative zero coercion (z) not allowed in string format specifier');
  if (alt) throw new PythonFormatError('Alternate form (#) not allowed in string format specifier');
  if (grouping) throw new PythonFormatError(`Cannot specify '${grouping}' with 's'.`);
  if (align === '=') throw new PythonFormatError("'=' alignment not allowed in string format specifier");
  let chars = [...value];
  if (precision !== undefined) chars = chars.slice(0, Number(precision));
  const pad = Math.max(0, Number(width ?? 0) - chars.length);
  const fill = fillGiven ?? (zero ? '0' : ' ');
  const text = chars.join('');
  if (align === '>') return fill.repeat(pad) + text;
  if (align === '^') return fill.repeat(Math.floor(pad / 2)) + text + fill.repeat(pad - Math.floor(pad / 2));
  return text + fill.repeat(pad);
}

/** Python's `repr()` of a str (`ascii()` when `asciiOnly`). */
export function pyRepr(value: string, asciiOnly = false): string {
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (asciiOnly && code > 0x7f) out += code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : code <= 0xffff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\U${code.toString(16).padStart(8, '0')}`;
    else out += ch;
  }
  return out + quote;
}
