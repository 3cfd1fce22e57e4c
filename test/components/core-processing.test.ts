/** Langflow's small core components (processing, logic, helpers): their answers as Langflow shapes them. */
import { afterEach, describe, expect, it } from 'vitest';
import Agent from '../../server/components/agent.js';
import AlterMetadata from '../../server/components/alter-metadata.js';
import DataConditionalRouter from '../../server/components/data-conditional-router.js';
import CreateData from '../../server/components/create-data.js';
import CreateList from '../../server/components/create-list.js';
import CurrentDate from '../../server/components/current-date.js';
import { currentDateText } from '../../server/components/lib/current-date.js';
import DataToDataFrame from '../../server/components/data-to-data-frame.js';
import ExtractaKey from '../../server/components/extracta-key.js';
import FilterData from '../../server/components/filter-data.js';
import IDGenerator from '../../server/components/idgenerator.js';
import MergeData from '../../server/components/merge-data.js';
import MessagetoData from '../../server/components/messageto-data.js';
import FilterDataValues from '../../server/components/filter-data-values.js';
import ParseDataFrame from '../../server/components/parse-data-frame.js';
import Pass from '../../server/components/pass.js';
import StoreMessage from '../../server/components/store-message.js';
import TypeConverter from '../../server/components/type-converter.js';
import UpdateData from '../../server/components/update-data.js';
import RegexExtractor from '../../server/components/regex-extractor.js';
import SelectData from '../../server/components/select-data.js';
import type { Tool } from '../../server/engine/tool.js';
import { makeData, type Data } from '../../shared/data.js';
import type { Message } from '../../shared/message.js';
import { startFakeOpenAI, type FakeTurn } from '../support/fake-openai.js';
import { testContext } from '../engine/support.js';

const defaultsOf = (def: { fields: { name: string; default?: unknown }[] }) => Object.fromEntries(def.fields.map((f) => [f.name, f.default]));
const records = (value: unknown) => (value as Data[]).map((d) => d.data);
const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const chatMessage = (): Message => ({
  id: 'm-1',
  text: 'hello',
  sender: 'User',
  sender_name: 'User',
  session_id: 's-1',
  flow_id: 'f-1',
  timestamp: '2026-12-05 08:00:00 UTC',
  files: [],
  error: false,
  properties: { source: { id: null, display_name: null, source: null } },
});

describe('Message to Data (MessagetoData)', () => {
  it("gives the message's fields as one Data", async () => {
    const out = (await MessagetoData.run({ message: chatMessage() }, testContext())).data as Data;
    expect(out.data).toMatchObject({ text: 'hello', sender: 'User', sender_name: 'User', session_id: 's-1', timestamp: '2026-12-05 08:00:00 UTC' });
    expect(out.text_key).toBe('text');
  });

  it('answers a Data with the error for anything but a Message, as Langflow does', async () => {
    const out = (await MessagetoData.run({ message: makeData({ text: 'x' }) }, testContext())).data as Data;
    expect(out.data).toEqual({ error: 'Error converting Message to Data: Input must be a Message object' });
  });
});

describe('Data → DataFrame (DataToDataFrame)', () => {
  it("makes one row per Data, the Data's text in a text column", async () => {
    const withKey = { ...makeData({ body: 'b', n: 1 }, 'body') };
    const out = await DataToDataFrame.run({ data_list: [makeData({ text: 'a', x: 1 }), withKey, makeData({ y: 2 })] }, testContext());
    expect(records(out.dataframe)).toEqual([{ text: 'a', x: 1 }, { body: 'b', n: 1, text: 'b' }, { y: 2 }]);
  });

  it('takes a single Data and refuses what is not Data', async () => {
    expect(records((await DataToDataFrame.run({ data_list: makeData({ text: 'one' }) }, testContext())).dataframe)).toEqual([{ text: 'one' }]);
    await expect(DataToDataFrame.run({ data_list: ['text'] }, testContext())).rejects.toThrow('Expected Data objects, got string instead.');
  });
});

describe('Create List (CreateList)', () => {
  it('gives each text as a Data and as a table row', async () => {
    const out = await CreateList.run({ texts: ['a', 'b'] }, testContext());
    expect(records(out.list)).toEqual([{ text: 'a' }, { text: 'b' }]);
    expect(records(out.dataframe)).toEqual([{ text: 'a' }, { text: 'b' }]);
  });
});

describe('Extract Key (ExtractaKey)', () => {
  it('extracts the key from a Data, and from each Data of a list that has it', async () => {
    expect(((await ExtractaKey.run({ data_input: makeData({ a: 1, b: 2 }), key: 'b' }, testContext())).extracted_data as Data).data).toEqual({ b: 2 });
    const list = await ExtractaKey.run({ data_input: [makeData({ a: 1 }), makeData({ b: 3 }), makeData({ a: 'x' })], key: 'a' }, testContext());
    expect(records(list.extracted_data)).toEqual([{ a: 1 }, { a: 'x' }]);
  });

  it('answers the missing key or a wrong input as an error Data', async () => {
    expect(((await ExtractaKey.run({ data_input: makeData({ a: 1 }), key: 'z' }, testContext())).extracted_data as Data).data).toEqual({ error: "Key 'z' not found in Data object." });
    expect(((await ExtractaKey.run({ data_input: 'text', key: 'a' }, testContext())).extracted_data as Data).data).toEqual({
      error: 'Invalid input. Expected Data object or list of Data objects.',
    });
  });
});

describe('Filter Data (FilterData)', () => {
  it('keeps only the listed keys (Messages count by their text)', async () => {
    const criteria = ['a', chatMessage()];
    const out = await FilterData.run({ data: makeData({ a: 1, b: 2, hello: 3 }), filter_criteria: criteria }, testContext());
    expect((out.filtered_data as Data).data).toEqual({ a: 1, hello: 3 });
    expect(((await FilterData.run({ data: undefined, filter_criteria: ['a'] }, testContext())).filtered_data as Data).data).toEqual({});
  });
});

describe('Select Data (SelectData)', () => {
  it('selects the Data at the index and refuses one out of range', async () => {
    const list = [makeData({ text: 'zero' }), makeData({ text: 'one' })];
    expect(((await SelectData.run({ data_list: list, data_index: '1' }, testContext())).selected_data as Data).data).toEqual({ text: 'one' });
    await expect(SelectData.run({ data_list: list, data_index: 2 }, testContext())).rejects.toThrow('Selected index 2 is out of range.');
  });
});

describe('Combine Data (MergeDataComponent)', () => {
  const inputs = () => [makeData({ text: 'a', n: 1 }), makeData({ text: 'b', n: 2, extra: true })];
  const run = async (operation: string) => records((await MergeData.run({ data_inputs: inputs(), operation }, testContext())).combined_data);

  it.each([
    ['Concatenate', [{ text: 'a\nb', n: 2, extra: true }]],
    ['Append', [{ text: 'a', n: 1 }, { text: 'b', n: 2, extra: true }]],
    ['Merge', [{ text: ['a', 'b'], n: 2, extra: true }]],
    ['Join', [{ text: 'a', n: 1, text_doc2: 'b', n_doc2: 2, extra_doc2: true }]],
  ])('%s', async (operation, expected) => {
    expect(await run(operation)).toEqual(expected);
  });

  it('gives an empty table for fewer than two inputs', async () => {
    expect((await MergeData.run({ data_inputs: [makeData({ a: 1 })], operation: 'Append' }, testContext())).combined_data).toEqual([]);
  });
});

describe('Regex Extractor (RegexExtractorComponent)', () => {
  const text = (out: Record<string, unknown>) => (out.text as Message).text;

  it('lists each whole match as Data and as lines', async () => {
    const out = await RegexExtractor.run({ input_text: 'mail a@x.org or b@y.net', pattern: '(\\w+)@(\\w+)\\.\\w+' }, testContext());
    expect(records(out.data)).toEqual([{ match: 'a@x.org' }, { match: 'b@y.net' }]);
    expect(text(out)).toBe('a@x.org\nb@y.net');
  });

  it('says when nothing matches, and reports an invalid pattern as the answer', async () => {
    const none = await RegexExtractor.run({ input_text: 'abc', pattern: '\\d+' }, testContext());
    expect(none.data).toEqual([]);
    expect(text(none)).toBe('No matches found');
    const bad = await RegexExtractor.run({ input_text: 'abc', pattern: '(' }, testContext());
    expect(text(bad)).toMatch(/^Invalid regex pattern: /);
    expect(records(bad.data)[0]?.error).toMatch(/^Invalid regex pattern: /);
  });
});

describe('Pass', () => {
  it('forwards the input message unchanged and ignores the other', async () => {
    const message = chatMessage();
    expect((await Pass.run({ input_message: message, ignored_message: { ...message, text: 'other' } }, testContext())).output_message).toBe(message);
  });
});

describe('ID Generator (IDGenerator)', () => {
  it("answers the node's value, else a fresh UUID", async () => {
    expect(((await IDGenerator.run({ unique_id: 'fixed-id' }, testContext())).id as Message).text).toBe('fixed-id');
    const [a, b] = await Promise.all([IDGenerator.run({ unique_id: '' }, testContext()), IDGenerator.run({}, testContext())]);
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect((a.id as Message).text).toMatch(uuid);
    expect((b.id as Message).text).toMatch(uuid);
    expect((a.id as Message).text).not.toBe((b.id as Message).text);
  });
});

describe('Current Date (CurrentDate)', () => {
  const at = new Date('2026-01-15T12:34:56Z');

  it("formats the time in the zone as Langflow does, and answers an unknown zone's error", () => {
    expect(currentDateText('UTC', at)).toBe('Current date and time in UTC: 2026-01-15 12:34:56 UTC');
    expect(currentDateText('America/New_York', at)).toBe('Current date and time in America/New_York: 2026-01-15 07:34:56 EST');
    expect(currentDateText('Mars/Olympus', at)).toBe("Error: 'No time zone found with key Mars/Olympus'");
  });

  it('answers a Message for the chosen zone', async () => {
    const out = await CurrentDate.run({ ...defaultsOf(CurrentDate) }, testContext({ wanted: ['current_date'] }));
    expect((out.current_date as Message).text).toMatch(/^Current date and time in UTC: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    expect(CurrentDate.fields.find((f) => f.name === 'timezone')?.options).toContain('Europe/Paris');
  });

  it('is a tool an Agent calls', async () => {
    const tool = (await CurrentDate.run({ ...defaultsOf(CurrentDate) }, testContext({ wanted: ['component_as_tool'] }))).component_as_tool as Tool;
    expect(tool.name).toBe('get_current_date');
    const respond = (body: Record<string, unknown>): FakeTurn => {
      const last = (body.messages as { role: string; content: unknown }[]).at(-1)!;
      if (last.role === 'tool') return { text: `Tool said: ${String(last.content)}` };
      return { toolCalls: [{ name: 'get_current_date', arguments: { timezone: 'Asia/Tokyo' } }] };
    };
    const fake = await startFakeOpenAI({ respond });
    servers.push(fake);
    const out = await Agent.run(
      { ...defaultsOf(Agent), input_value: 'What time is it in Tokyo?', tools: [tool], add_current_date_tool: false },
      testContext({ env: { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-date' } }),
    );
    expect((out.response as Message).text).toMatch(/^Tool said: Current date and time in Asia\/Tokyo: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d GMT\+9$/);
  });
});

describe('Parse DataFrame (ParseDataFrame)', () => {
  it("formats each row as Python's str.format does and joins them", async () => {
    const rows = [makeData({ name: 'Ada', age: 36, ok: true }), makeData({ name: 'Alan', age: 41, note: null })];
    const out = await ParseDataFrame.run({ df: rows, template: '{name:>5}|{age}|{ok}|{note}', sep: ' / ' }, testContext());
    expect((out.text as Message).text).toBe('  Ada|36|True|nan /  Alan|41|nan|None');
    expect((await ParseDataFrame.run({ ...defaultsOf(ParseDataFrame), df: [makeData({ text: 'a' }), makeData({ text: 'b' })] }, testContext())).text).toMatchObject({ text: 'a\nb' });
  });

  it('fails on a placeholder no column has, as Langflow does', async () => {
    await expect(ParseDataFrame.run({ df: [makeData({ text: 'a' })], template: '{missing}' }, testContext())).rejects.toThrow("KeyError: 'missing'");
  });
});

describe('Filter Values (FilterDataValues)', () => {
  const items = () => [makeData({ route: 'CMIP', n: 1 }), makeData({ route: 'other', n: 2 }), makeData({ n: 3 }), makeData({ route: 'CMIP-2', n: 4 })];
  const run = async (fields: Record<string, unknown>) => records((await FilterDataValues.run({ ...defaultsOf(FilterDataValues), input_data: items(), ...fields }, testContext())).filtered_data).map((d) => d.n);

  it.each([
    ['equals', [1]],
    ['not equals', [2, 4]],
    ['contains', [1, 4]],
    ['starts with', [1, 4]],
    ['ends with', [1]],
  ])('%s', async (operator, expected) => {
    expect(await run({ operator })).toEqual(expected);
  });

  it('compares Python str() of the value, takes Data for key and value, and passes everything when one is empty', async () => {
    expect(await run({ filter_key: makeData({ text: 'n' }), filter_value: makeData({ text: '2' }) })).toEqual([2]);
    expect(await run({ filter_value: '' })).toEqual([1, 2, 3, 4]);
    expect((await FilterDataValues.run({ ...defaultsOf(FilterDataValues), input_data: [] }, testContext())).filtered_data).toEqual([]);
  });
});

describe('Message Store (StoreMessage)', () => {
  it("stores the text as a new message of the run's session, Machine/AI unless told", async () => {
    const ctx = testContext();
    const out = (await StoreMessage.run({ ...defaultsOf(StoreMessage), message: chatMessage() }, ctx)).stored_messages as Message;
    expect(out).toMatchObject({ text: 'hello', sender: 'Machine', sender_name: 'AI', session_id: 'session-1' });
    expect(out.id).not.toBe('m-1');
    expect(ctx.stored).toEqual([out]);
    const other = (await StoreMessage.run({ ...defaultsOf(StoreMessage), message: 'note', sender: 'User', sender_name: 'Ada', session_id: 's-9' }, ctx)).stored_messages as Message;
    expect(other).toMatchObject({ text: 'note', sender: 'User', sender_name: 'Ada', session_id: 's-9' });
    expect(ctx.stored).toHaveLength(2);
  });

  it('refuses an external memory instead of ignoring it', async () => {
    await expect(StoreMessage.run({ ...defaultsOf(StoreMessage), message: 'x', memory: { kind: 'memory' } }, testContext())).rejects.toThrow('external memories');
  });
});

describe('Type Convert (TypeConverterComponent)', () => {
  const run = (input_data: unknown, fields: Record<string, unknown> = {}) => TypeConverter.run({ ...defaultsOf(TypeConverter), input_data, ...fields }, testContext());

  it('converts a Message: to Data {text}, to a one-row table, or parsed as JSON or CSV with Auto Parse', async () => {
    const out = await run(chatMessage());
    expect(out.message_output).toEqual(chatMessage());
    expect((out.data_output as Data).data).toEqual({ text: 'hello' });
    expect(records(out.dataframe_output)).toEqual([{ text: 'hello' }]);
    const json = await run({ ...chatMessage(), text: '[{"a":1},{"a":2}]' }, { auto_parse: true });
    expect((json.data_output as Data).data).toEqual({ records: [{ a: 1 }, { a: 2 }] });
    expect(records(json.dataframe_output)).toEqual([{ a: 1 }, { a: 2 }]);
    const csv = await run('name,age\nAda,36\n"Lovelace, A",', { auto_parse: true });
    expect((csv.data_output as Data).data).toEqual({ records: [{ name: 'Ada', age: 36 }, { name: 'Lovelace, A', age: null }] });
    expect(((await run('not, structured')).data_output as Data).data).toEqual({ text: 'not, structured' });
  });

  it("converts a Data: its text (or Python's str of the record) as the Message, a list of records as the table", async () => {
    expect(((await run(makeData({ text: 'hi', x: 1 }))).message_output as Message).text).toBe('hi');
    expect(((await run(makeData({ a: 'x', b: [1, true, null] }))).message_output as Message).text).toBe("{'a': 'x', 'b': [1, True, None]}");
    expect(records((await run(makeData({ rows: [{ a: 1 }, { a: 2 }] }))).dataframe_output)).toEqual([{ a: 1 }, { a: 2 }]);
    expect(records((await run(makeData({ a: 1, b: 2 }))).dataframe_output)).toEqual([{ a: 1, b: 2 }]);
  });

  it('converts a DataFrame: a Markdown table as the Message, its records under results as Data', async () => {
    const frame = [makeData({ name: 'Ada', note: 'a|b\n\nc' }), makeData({ name: 'Alan', note: '  ' })];
    const out = await run(frame);
    expect((out.message_output as Message).text).toBe(['| name   | note       |', '|:-------|:-----------|', '| Ada    | a\\|b<br/>c |', '| Alan   |            |'].join('\n'));
    expect((out.data_output as Data).data).toEqual({ results: [{ name: 'Ada', note: 'a|b\n\nc' }, { name: 'Alan', note: '  ' }] });
    expect(out.dataframe_output).toBe(frame);
  });
});

describe('Alter Metadata (AlterMetadata)', () => {
  it('adds the metadata to each input (and the User Text), then removes the listed fields', async () => {
    const out = await AlterMetadata.run(
      { input_value: [makeData({ text: 'a', drop: 1 }), chatMessage()], text_in: 'typed', metadata: { source: 'doc', ' ': 'blank key' }, remove_fields: ['drop', 'sender'] },
      testContext(),
    );
    expect(records(out.data)).toEqual([
      { text: 'typed', source: 'doc' },
      { text: 'a', source: 'doc' },
      { text: 'hello', sender_name: 'User', session_id: 's-1', timestamp: '2026-12-05 08:00:00 UTC', source: 'doc' },
    ]);
    expect(records(out.dataframe)).toEqual(records(out.data));
    expect(records((await AlterMetadata.run({ input_value: [makeData({ a: 1 })], metadata: makeData({ b: 2 }) }, testContext())).data)).toEqual([{ a: 1, b: 2 }]);
  });
});

describe('Condition (DataConditionalRouter)', () => {
  const base = { key_name: 'status', operator: 'equals', compare_value: 'ok' };

  it('sends the matching items of a list down True and stops False; with none matching, the others down False', async () => {
    const ctx = testContext();
    const out = await DataConditionalRouter.run({ ...base, data_input: [makeData({ status: 'ok', n: 1 }), makeData({ status: 'bad', n: 2 }), makeData({ n: 3 })] }, ctx);
    expect(records(out.true_output)).toEqual([{ status: 'ok', n: 1 }]);
    expect([...ctx.stopped]).toEqual(['false_output']);
    const none = testContext();
    const other = await DataConditionalRouter.run({ ...base, data_input: [makeData({ status: 'bad', n: 2 })] }, none);
    expect(records(other.false_output)).toEqual([{ status: 'bad', n: 2 }]);
    expect([...none.stopped]).toEqual(['true_output']);
  });

  it('validates booleans, and routes a single Data (or answers an error Data without stopping)', async () => {
    const ctx = testContext();
    const out = await DataConditionalRouter.run({ ...base, operator: 'boolean validator', key_name: 'flag', data_input: makeData({ flag: 'Yes' }) }, ctx);
    expect((out.true_output as Data).data).toEqual({ flag: 'Yes' });
    expect([...ctx.stopped]).toEqual(['false_output']);
    const missing = testContext();
    expect(((await DataConditionalRouter.run({ ...base, data_input: makeData({ n: 1 }) }, missing)).true_output as Data).data).toEqual({ error: "Key 'status' not found in Data" });
    expect(missing.stopped.size).toBe(0);
  });
});

describe('Create Data (CreateData)', () => {
  it('has Field 1…N dict fields from Number of Fields, and refuses more than 15', () => {
    expect(CreateData.dynamicFields?.({ number_of_fields: 3 }).map((f) => [f.name, f.display_name, f.kind])).toEqual([
      ['field_1_key', 'Field 1', 'dict'],
      ['field_2_key', 'Field 2', 'dict'],
      ['field_3_key', 'Field 3', 'dict'],
    ]);
    expect(CreateData.dynamicFields?.({}).map((f) => f.name)).toEqual(['field_1_key']);
  });

  it("merges the fields' dicts into one Data, a Data value read as its text, non-dict values ignored", async () => {
    const out = await CreateData.run(
      { number_of_fields: 3, field_1_key: { name: 'Ada' }, field_2_key: { bio: makeData({ text: 'first programmer', x: 1 }) }, field_3_key: chatMessage(), text_key: 'bio' },
      testContext(),
    );
    expect(out.data).toEqual({ data: { name: 'Ada', bio: 'first programmer' }, text_key: 'bio', default_value: '' });
    await expect(CreateData.run({ number_of_fields: 1, field_1_key: { a: 1 }, text_key: 'b', text_key_validator: true }, testContext())).rejects.toThrow(
      "Text Key: 'b' not found in the Data keys: 'a'",
    );
    await expect(CreateData.run({ number_of_fields: 16 }, testContext())).rejects.toThrow('Number of fields cannot exceed 15.');
  });
});

describe('Update JSON (UpdateData)', () => {
  it('sets the entries on each input Data and the Text Key', async () => {
    const out = await UpdateData.run({ old_data: [makeData({ text: 'a', n: 1 }), makeData({ text: 'b' })], number_of_fields: 2, field_1_key: { n: 9, tag: 'x' }, field_2_key: makeData({ text: 'from data' }), text_key: 'tag' }, testContext());
    expect(out.data).toEqual([
      { data: { text: 'a', n: 9, tag: 'x', field_2_key: 'from data' }, text_key: 'tag', default_value: '' },
      { data: { text: 'b', n: 9, tag: 'x', field_2_key: 'from data' }, text_key: 'tag', default_value: '' },
    ]);
  });

  it('refuses a Text Key the data lacks, and input that is not Data', async () => {
    await expect(UpdateData.run({ old_data: [makeData({ a: 1 })], text_key: 'z' }, testContext())).rejects.toThrow("Text Key: 'z' not found in the Data keys: a");
    await expect(UpdateData.run({ old_data: 'text' }, testContext())).rejects.toThrow('old_data is not a Data object or list of Data objects.');
  });
});
