import { describe, expect, it } from 'vitest';
import CombineText from '../../server/components/combine-text.js';
import ParseData from '../../server/components/parse-data.js';
import ParseJSONData from '../../server/components/parse-json-data.js';
import Parser from '../../server/components/parser.js';
import SplitText from '../../server/components/split-text.js';
import { makeData, type Data } from '../../shared/data.js';
import type { Message } from '../../shared/message.js';
import { testContext } from '../engine/support.js';

const defaultsOf = (def: { fields: { name: string; default?: unknown }[] }) => Object.fromEntries(def.fields.map((f) => [f.name, f.default]));
const text = (out: Record<string, unknown>, key: string) => (out[key] as Message).text;

describe('Parser', () => {
  const defaults = defaultsOf(Parser);
  it('formats each row of a DataFrame with the template and joins them', async () => {
    const rows = [makeData({ name: 'Ada', age: 36 }), makeData({ name: 'Alan' })];
    const out = await Parser.run({ ...defaults, input_data: rows, pattern: '{name} ({age})' }, testContext());
    expect(text(out, 'parsed_text')).toBe('Ada (36)\nAlan ()');
  });

  it('stringifies instead of templating in Stringify mode, and accepts a single Data or a Message', async () => {
    expect(text(await Parser.run({ ...defaults, input_data: makeData({ text: 'hello' }), mode: 'Stringify' }, testContext()), 'parsed_text')).toBe('hello');
    expect(text(await Parser.run({ ...defaults, input_data: 'plain words', pattern: '<{text}>', sep: ' | ' }, testContext()), 'parsed_text')).toBe('<plain words>');
  });
});

describe("Parser's clean_data (Stringify)", () => {
  const defaults = defaultsOf(Parser);
  const frame = () => [makeData({ text: 'a\n\n\nb' }), makeData({ text: '  \t ' }), makeData({ text: null })];

  it('cleans each DataFrame of a list input: empty rows dropped, blank cells emptied, newline runs made one', async () => {
    const run = (clean: boolean) => Parser.run({ ...defaults, mode: 'Stringify', input_data: [frame(), makeData({ text: 'x\n\ny' })], clean_data: clean, sep: '|' }, testContext());
    expect(text(await run(true), 'parsed_text')).toBe('a\nb||x\n\ny');
    expect(text(await run(false), 'parsed_text')).toBe('a\n\n\nb|  \t |{"text":null}|x\n\ny');
  });

  it('leaves a DataFrame given alone, and the Parser mode, as they are (as Langflow does)', async () => {
    expect(text(await Parser.run({ ...defaults, mode: 'Stringify', input_data: frame(), sep: '|' }, testContext()), 'parsed_text')).toBe('a\n\n\nb|  \t |{"text":null}');
    expect(text(await Parser.run({ ...defaults, input_data: [frame()], pattern: '<{text}>', sep: '|' }, testContext()), 'parsed_text')).toBe('<a\n\n\nb>|<  \t >|<null>');
  });
});

describe('ParseData (older Data to Message)', () => {
  it('templates every Data and lists them', async () => {
    const out = await ParseData.run({ ...defaultsOf(ParseData), data: [[makeData({ text: 'a' }), makeData({ text: 'b' })]], template: '- {text}' }, testContext());
    expect(text(out, 'text')).toBe('- a\n- b');
    expect((out.data_list as Data[]).map((d) => d.data.text)).toEqual(['- a', '- b']);
  });
});

describe('CombineText', () => {
  it('joins the two texts with the delimiter, escapes included', async () => {
    const defaults = defaultsOf(CombineText);
    expect(text(await CombineText.run({ ...defaults, text1: 'Hello', text2: 'world' }, testContext()), 'combined_text')).toBe('Hello world');
    expect(text(await CombineText.run({ ...defaults, text1: 'a', text2: 'b', delimiter: '\\n---\\n' }, testContext()), 'combined_text')).toBe('a\n---\nb');
  });
});

describe('SplitText', () => {
  const defaults = defaultsOf(SplitText);
  const chunks = (out: Record<string, unknown>) => (out.chunks as Data[]).map((d) => d.data.text);

  it('splits on the separator and merges pieces up to the chunk size, keeping metadata', async () => {
    const input = makeData({ text: 'one\ntwo\nthree\nfour', source: 'doc.txt' });
    const out = await SplitText.run({ ...defaults, data_inputs: input, chunk_size: 9, chunk_overlap: 0 }, testContext());
    expect(chunks(out)).toEqual(['one\ntwo', 'three', 'four']);
    expect((out.chunks as Data[])[0]?.data.source).toBe('doc.txt');
    expect(out.dataframe).toEqual(out.chunks);
  });

  it('overlaps consecutive chunks', async () => {
    const out = await SplitText.run({ ...defaults, data_inputs: 'a b c d e f', separator: ' ', chunk_size: 5, chunk_overlap: 2 }, testContext());
    expect(chunks(out)).toEqual(['a b c', 'c d e', 'e f']);
  });

  it('splits recursively by paragraphs, lines and words so no chunk exceeds the size', async () => {
    const long = 'First paragraph here.\n\nSecond paragraph is a bit longer than the others.\n\nThird.';
    const out = await SplitText.run({ ...defaults, mode: 'Recursive', data_inputs: long, chunk_size: 30, chunk_overlap: 0 }, testContext());
    const parts = chunks(out) as string[];
    expect(parts.every((p) => p.length <= 30)).toBe(true);
    expect(parts.join(' ').replace(/\s+/g, ' ')).toBe(long.replace(/\s+/g, ' '));
  });

  it('refuses an overlap not smaller than the size, and empty input', async () => {
    await expect(SplitText.run({ ...defaults, data_inputs: 'x', chunk_size: 10, chunk_overlap: 10 }, testContext())).rejects.toThrow('Chunk Overlap must be');
    await expect(SplitText.run({ ...defaults, data_inputs: undefined }, testContext())).rejects.toThrow('No data inputs provided');
  });
});

describe('ParseJSONData', () => {
  const defaults = defaultsOf(ParseJSONData);
  const run = async (input: unknown, query: string) => (await ParseJSONData.run({ ...defaults, input_value: input, query }, testContext())).filtered_data as Data[];
  const doc = '{"items": [{"name": "pen", "price": 2}, {"name": "ink", "price": 5}], "odd key": true}';

  it('queries paths, indexes, iterations and pipes', async () => {
    expect((await run(doc, '.items[0]')).map((d) => d.data)).toEqual([{ name: 'pen', price: 2 }]);
    expect((await run(doc, '.items[].name')).map((d) => d.data.text)).toEqual(['pen', 'ink']);
    expect((await run(doc, '.items | .[-1] | .price')).map((d) => d.data.text)).toEqual(['5']);
    expect((await run(doc, '.["odd key"]')).map((d) => d.data.text)).toEqual(['true']);
    expect((await run('```json\n[1, 2]\n```', '.[]')).map((d) => d.data.text)).toEqual(['1', '2']);
  });

  it('reads Data too, and fails clearly on bad JSON or an unsupported query', async () => {
    expect((await run(makeData({ a: { b: 'deep' } }), '.a.b')).map((d) => d.data.text)).toEqual(['deep']);
    await expect(run('{not json', '.')).rejects.toThrow(/^Invalid JSON/);
    await expect(run(doc, 'map(.name)')).rejects.toThrow('Unsupported query "map(.name)"');
    await expect(run(doc, '.items.name')).rejects.toThrow('cannot index an array with "name"');
  });
});
