/** Langflow's Load CSV, Mock Data and LangChain text splitters: real uploaded files, and chunks cut as LangChain cuts them. */
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import CharacterTextSplitter from '../../server/components/character-text-splitter.js';
import CSVtoData from '../../server/components/csvto-data.js';
import MockDataGenerator from '../../server/components/mock-data-generator.js';
import RecursiveCharacterTextSplitter from '../../server/components/recursive-character-text-splitter.js';
import { systemClock } from '../../server/services/clock.js';
import { createFileService, type FileService } from '../../server/services/file-service.js';
import { makeData, type Data } from '../../shared/data.js';
import type { Message } from '../../shared/message.js';
import { testContext } from '../engine/support.js';
import { makeTempDir } from '../support/temp-dir.js';

const defaultsOf = (def: { fields: { name: string; default?: unknown }[] }) => Object.fromEntries(def.fields.map((f) => [f.name, f.default]));
let dir: string;
let service: FileService;
beforeAll(async () => {
  dir = await makeTempDir('flowdesk-csv-');
  service = createFileService({ dataDir: dir, clock: systemClock });
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('Load CSV (CSVtoData)', () => {
  const run = (fields: Record<string, unknown>) => CSVtoData.run({ ...defaultsOf(CSVtoData), ...fields }, testContext({ files: service.access() }));

  it('gives one Data per row of a CSV string, all values text, with the Text Key', async () => {
    const rows = (await run({ csv_string: 'name,note\nAda,"first, programmer"\nAlan,42\n', text_key: 'note' })).data_list as Data[];
    expect(rows.map((r) => r.data)).toEqual([
      { name: 'Ada', note: 'first, programmer' },
      { name: 'Alan', note: '42' },
    ]);
    expect(rows.map((r) => r.text_key)).toEqual(['note', 'note']);
  });

  it('reads an uploaded CSV file, by the file field or by path', async () => {
    const path = (await service.upload('people.csv', Buffer.from('name\nAda\n'))).path;
    expect(((await run({ csv_file: path })).data_list as Data[]).map((r) => r.data)).toEqual([{ name: 'Ada' }]);
    expect(((await run({ csv_path: path })).data_list as Data[]).map((r) => r.data)).toEqual([{ name: 'Ada' }]);
    const notes = (await service.upload('notes.txt', Buffer.from('a,b\n1,2\n'))).path;
    await expect(run({ csv_file: notes })).rejects.toThrow('The provided file must be a CSV file.');
  });

  it('wants exactly one source', async () => {
    await expect(run({})).rejects.toThrow('Please provide exactly one of: CSV file, file path, or CSV string.');
    await expect(run({ csv_string: 'a\n1', csv_path: 'x.csv' })).rejects.toThrow('exactly one of');
  });
});

describe('Character Text Splitter (CharacterTextSplitter)', () => {
  const chunks = (out: Record<string, unknown>) => (out.data as Data[]).map((d) => d.data);

  it('cuts on the separator and merges up to the chunk size, keeping the rest of the record as metadata', async () => {
    const input = makeData({ text: 'one\n\ntwo\n\nthree\n\nfour', source: 'doc.txt' });
    const out = await CharacterTextSplitter.run({ ...defaultsOf(CharacterTextSplitter), data_input: input, chunk_size: 11, chunk_overlap: 0 }, testContext());
    expect(chunks(out)).toEqual([
      { source: 'doc.txt', text: 'one\n\ntwo' },
      { source: 'doc.txt', text: 'three\n\nfour' },
    ]);
  });

  it('takes an escaped separator and overlaps chunks; refuses an overlap larger than the size', async () => {
    const out = await CharacterTextSplitter.run({ data_input: [makeData({ text: 'a|b|c|d' })], separator: '|', chunk_size: 3, chunk_overlap: 1 }, testContext());
    expect(chunks(out).map((c) => c.text)).toEqual(['a|b', 'b|c', 'c|d']);
    const lines = await CharacterTextSplitter.run({ data_input: makeData({ text: 'x\ny' }), separator: '\\n', chunk_size: 1, chunk_overlap: 0 }, testContext());
    expect(chunks(lines).map((c) => c.text)).toEqual(['x', 'y']);
    await expect(CharacterTextSplitter.run({ data_input: makeData({ text: 'x' }), chunk_size: 5, chunk_overlap: 6 }, testContext())).rejects.toThrow(
      'Got a larger chunk overlap (6) than chunk size (5), should be smaller.',
    );
  });
});

describe('Recursive Character Text Splitter (RecursiveCharacterTextSplitter)', () => {
  it('falls back from paragraphs to lines to words so no chunk exceeds the size', async () => {
    const text = 'First paragraph here.\n\nSecond paragraph is a bit longer than the others.\n\nThird.';
    const out = await RecursiveCharacterTextSplitter.run({ ...defaultsOf(RecursiveCharacterTextSplitter), data_input: makeData({ text }), chunk_size: 30, chunk_overlap: 0 }, testContext());
    const texts = (out.data as Data[]).map((d) => d.data.text as string);
    expect(texts.every((t) => t.length <= 30)).toBe(true);
    expect(texts[0]).toBe('First paragraph here.');
    expect(texts.at(-1)).toBe('Third.');
    expect(texts.join(' ').replace(/\s+/g, ' ')).toBe(text.replace(/\s+/g, ' '));
  });

  it('uses the separators given', async () => {
    const out = await RecursiveCharacterTextSplitter.run({ data_input: makeData({ text: 'a;b;c' }), separators: [';'], chunk_size: 2, chunk_overlap: 0 }, testContext());
    expect((out.data as Data[]).map((d) => d.data.text)).toEqual(['a', ';b', ';c']);
  });
});

describe('Mock Data (MockDataGenerator)', () => {
  it("gives Langflow's 50-row customer table with its columns, ranges and derived values", async () => {
    const rows = ((await MockDataGenerator.run({}, testContext())).dataframe_output as Data[]).map((d) => d.data);
    expect(rows).toHaveLength(50);
    expect(Object.keys(rows[0]!)).toEqual([
      'customer_id', 'first_name', 'last_name', 'email', 'age', 'city', 'country', 'product', 'order_date', 'order_value', 'quantity', 'discount',
      'is_premium', 'satisfaction_score', 'last_contact', 'full_name', 'discounted_value', 'total_value', 'age_group',
    ]);
    rows.forEach((row, i) => {
      expect(row.customer_id).toBe(`CUST-${10000 + i}`);
      expect(row.email).toBe(`user${i + 1}@example.com`);
      expect(row.age).toBeGreaterThanOrEqual(18);
      expect(row.age).toBeLessThanOrEqual(80);
      expect(row.order_value).toBeGreaterThanOrEqual(10);
      expect(row.order_value).toBeLessThan(1001);
      expect(row.discount).toBeLessThanOrEqual(0.3);
      expect(row.full_name).toBe(`${row.first_name} ${row.last_name}`);
      expect(row.total_value).toBeCloseTo((row.order_value as number) * (1 - (row.discount as number)) * (row.quantity as number), 9);
      expect(row.order_date).toMatch(/^\d{4}-\d\d-\d\d$/);
      const age = row.age as number;
      expect(row.age_group).toBe(age <= 25 ? '18-25' : age <= 35 ? '26-35' : age <= 50 ? '36-50' : age <= 65 ? '51-65' : '65+');
    });
  });

  it('gives a Lorem Ipsum message and one record with its summary', async () => {
    const out = await MockDataGenerator.run({}, testContext());
    expect((out.message_output as Message).text).toMatch(/^(Lorem ipsum|Duis aute|Sed ut perspiciatis|Nemo enim|Neque porro)/);
    const data = (out.data_output as Data).data as { records: Record<string, unknown>[]; summary: Record<string, unknown> };
    expect(data.records).toHaveLength(1);
    expect(data.records[0]).toMatchObject({ id: 'REC-1000', name: 'Sample Record 1' });
    expect(data.records[0]!.created_date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/);
    expect(data.summary).toMatchObject({ total_count: 1, total_value: data.records[0]!.value, categories: [data.records[0]!.category], companies: [data.records[0]!.company] });
  });
});
