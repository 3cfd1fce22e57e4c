/** The dotenv-format parser behind --env-file. */
import { describe, expect, it } from 'vitest';
import { DotenvSyntaxError, parseDotenv } from '../../server/config/dotenv.js';

function syntaxError(text: string): DotenvSyntaxError {
  try {
    parseDotenv(text);
  } catch (error) {
    expect(error).toBeInstanceOf(DotenvSyntaxError);
    return error as DotenvSyntaxError;
  }
  throw new Error('expected a syntax error');
}

describe('parseDotenv', () => {
  it('reads KEY=value lines, skipping blank lines and comments', () => {
    expect(parseDotenv('# comment\n\nA=1\n  B = two words  \n   # indented comment\nC=\n')).toEqual({ A: '1', B: 'two words', C: '' });
  });

  it('accepts the export prefix', () => {
    expect(parseDotenv('export A=1\nexport   B="2"\n')).toEqual({ A: '1', B: '2' });
  });

  it('strips a trailing comment from unquoted values but keeps a # inside a word', () => {
    expect(parseDotenv('A=value # note\nB=pa#ss\nC=http://h/#frag\nD=#\n')).toEqual({ A: 'value', B: 'pa#ss', C: 'http://h/#frag', D: '' });
  });

  it('keeps single-quoted and backtick-quoted values literally', () => {
    expect(parseDotenv("A='  x # y \\n '\nB=`it's`\n")).toEqual({ A: '  x # y \\n ', B: "it's" });
  });

  it('unescapes double-quoted values and allows a comment after the quote', () => {
    expect(parseDotenv('A="line1\\nline2\\t\\"q\\" \\\\ \\$x" # note\n')).toEqual({ A: 'line1\nline2\t"q" \\ \\$x' });
  });

  it('lets quoted values span lines', () => {
    const pem = 'KEY="-----BEGIN-----\nabc\n-----END-----"\nNEXT=1\n';
    expect(parseDotenv(pem)).toEqual({ KEY: '-----BEGIN-----\nabc\n-----END-----', NEXT: '1' });
  });

  it('handles CRLF line ends, a byte-order mark and a missing final newline', () => {
    expect(parseDotenv('\uFEFFA=1\r\nB="2"\r\nC=3')).toEqual({ A: '1', B: '2', C: '3' });
  });

  it('lets a later assignment win', () => {
    expect(parseDotenv('A=1\nA=2\n')).toEqual({ A: '2' });
  });

  it('keeps Windows paths in unquoted values', () => {
    expect(parseDotenv('DIR=C:\\Users\\ada\\flows\n')).toEqual({ DIR: 'C:\\Users\\ada\\flows' });
  });

  it('refuses a line that is not an assignment, with its line number', () => {
    const error = syntaxError('A=1\n\nnot valid\n');
    expect(error.line).toBe(3);
    expect(error.message).toBe("expected KEY=value, found 'not valid'");
    expect(syntaxError('1A=x\n').line).toBe(1);
  });

  it('refuses an unterminated quote, naming the key and the line it started on', () => {
    const error = syntaxError('A=1\nB="open\nC=3\n');
    expect(error.line).toBe(2);
    expect(error.message).toBe('unterminated double-quoted value for B');
  });

  it('refuses text after a closing quote and counts lines inside multi-line values', () => {
    const error = syntaxError('A="x\ny" trailing\n');
    expect(error.line).toBe(2);
    expect(error.message).toBe('unexpected text after the closing quote of A');
    expect(syntaxError('A="x\ny"\nbad\n').line).toBe(3);
  });
});
