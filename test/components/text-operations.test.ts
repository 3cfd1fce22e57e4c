/** Langflow's Text Operations: each operation's answer as Langflow's Python gives it. */
import { describe, expect, it } from 'vitest';
import TextOperations from '../../server/components/text-operations.js';
import type { Data } from '../../shared/data.js';
import type { Message } from '../../shared/message.js';
import { testContext } from '../engine/support.js';

const defaults = Object.fromEntries(TextOperations.fields.map((f) => [f.name, f.default]));
const run = (operation: string, text_input: string, fields: Record<string, unknown> = {}) =>
  TextOperations.run({ ...defaults, text_input, operation: [{ name: operation, icon: 'x' }], ...fields }, testContext());
const message = async (operation: string, text: string, fields: Record<string, unknown> = {}) => ((await run(operation, text, fields)).message as Message).text;

describe('Text Operations (TextOperations)', () => {
  it('counts words, characters and lines as Data', async () => {
    const out = await run('Word Count', 'the cat\nthe dog\n\n');
    expect((out.data as Data).data).toEqual({ word_count: 4, unique_words: 3, character_count: 17, character_count_no_spaces: 15, line_count: 4, non_empty_lines: 2 });
    expect((out.message as Message).text).toBe("{'word_count': 4, 'unique_words': 3, 'character_count': 17, 'character_count_no_spaces': 15, 'line_count': 4, 'non_empty_lines': 2}");
    expect(((await run('Word Count', 'a b', { count_characters: false, count_lines: false })).data as Data).data).toEqual({ word_count: 2, unique_words: 2 });
  });

  it.each([
    ['uppercase', 'HELLO WORLD'],
    ['lowercase', 'hello world'],
    ['title', "Hello World'S 2Nd"],
    ['capitalize', "Hello world's 2nd"],
    ['swapcase', "HELLO world'S 2ND"],
  ])('converts case: %s', async (case_type, expected) => {
    const text = case_type === 'uppercase' || case_type === 'lowercase' ? 'Hello World' : "hello WORLD's 2nd";
    expect(await message('Case Conversion', text, { case_type })).toBe(expected);
  });

  it('replaces text, or a regular expression with Python-style group references; an invalid pattern leaves the text', async () => {
    expect(await message('Text Replace', 'a.b.c', { search_pattern: '.', replacement_text: '-' })).toBe('a-b-c');
    expect(await message('Text Replace', 'Ada Lovelace', { search_pattern: '(\\w+) (\\w+)', replacement_text: '\\2, \\g<1> $', use_regex: true })).toBe('Lovelace, Ada $');
    expect(await message('Text Replace', 'abc', { search_pattern: '(', replacement_text: 'x', use_regex: true })).toBe('abc');
  });

  it('extracts matches as re.findall does, up to Max Matches', async () => {
    expect(await message('Text Extract', 'a1 b22 c333', { extract_pattern: '\\d+', max_matches: 2 })).toBe('1\n22');
    expect(await message('Text Extract', 'k=v x=y', { extract_pattern: '(\\w)=(\\w)' })).toBe("('k', 'v')\n('x', 'y')");
    expect(await message('Text Extract', 'k=v', { extract_pattern: '(\\w)=\\w' })).toBe('k');
  });

  it('takes the head or tail, strips, joins and cleans', async () => {
    expect(await message('Text Head', 'abcdef', { head_characters: 2 })).toBe('ab');
    expect(await message('Text Tail', 'abcdef', { tail_characters: 2 })).toBe('ef');
    expect(await message('Text Head', 'abcdef', { head_characters: 0 })).toBe('');
    expect(await message('Text Strip', '  hi  ', { strip_mode: 'left' })).toBe('hi  ');
    expect(await message('Text Strip', 'xxhixy', { strip_characters: 'xy' })).toBe('hi');
    const joined = await run('Text Join', 'first', { text_input_2: 'second' });
    expect((joined.text as Message).text).toBe('first\nsecond');
    expect(await message('Text Clean', 'a   b\n\nc #$%!', { remove_special_chars: true })).toBe('a b c !');
  });

  it('turns a pipe table into a DataFrame, numbers as numbers', async () => {
    const out = await run('Text to DataFrame', '| name | age |\n| Ada | 36 |\n| Alan | 41 |');
    expect((out.dataframe as Data[]).map((d) => d.data)).toEqual([
      { name: 'Ada', age: 36 },
      { name: 'Alan', age: 41 },
    ]);
    const plain = await run('Text to DataFrame', 'a;1\nb;x', { table_separator: ';', has_header: false });
    expect((plain.dataframe as Data[]).map((d) => d.data)).toEqual([
      { col_0: 'a', col_1: '1' },
      { col_0: 'b', col_1: 'x' },
    ]);
    expect((await run('Word Count', 'x')).dataframe).toEqual([]);
  });

  it('answers empty for an empty text, and reads a plain operation name too', async () => {
    const out = await run('Word Count', '');
    expect((out.data as Data).data).toEqual({});
    expect((out.message as Message).text).toBe('');
    expect(((await TextOperations.run({ ...defaults, text_input: 'ABC', operation: 'Case Conversion' }, testContext())).message as Message).text).toBe('abc');
  });
});
