import { lstat, mkdir, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import SaveToFile, { withExtension } from '../../server/components/save-to-file.js';
import { createFileService } from '../../server/services/file-service.js';
import { systemClock } from '../../server/services/clock.js';
import { makeData } from '../../shared/data.js';
import type { Message } from '../../shared/message.js';
import { request } from '../support/http.js';
import { spawnServer } from '../support/spawn-server.js';
import { makeTempDir } from '../support/temp-dir.js';
import { edge, flow, node, testContext } from '../engine/support.js';

const defaults = Object.fromEntries(SaveToFile.fields.map((f) => [f.name, f.default]));
let dataDir: string;
let savedDir: string;
beforeEach(async () => {
  dataDir = await makeTempDir('flowdesk-save-');
  savedDir = path.join(dataDir, 'files', 'saved');
});

const message = (text: string) => ({ id: 'm1', text, sender: 'User', sender_name: 'User', session_id: 's', flow_id: null, timestamp: 't', files: [], error: false, properties: { source: { id: null, display_name: null, source: null } } }) satisfies Message;
const frame = [makeData({ title: 'A, "quoted"', score: 3 }), makeData({ title: 'B', score: 10, extra: true })];

async function save(inputs: Record<string, unknown>): Promise<string> {
  const files = createFileService({ dataDir, clock: systemClock }).access();
  const out = await SaveToFile.run({ ...defaults, file_name: 'out', ...inputs }, testContext({ files, displayName: 'Write File' }));
  return (out.message as Message).text;
}
const saved = (name: string) => readFile(path.join(savedDir, name), 'utf8');

describe('SaveToFile', () => {
  it("keeps Langflow's type key, fields and output", () => {
    expect(SaveToFile.type).toBe('SaveToFile');
    expect(SaveToFile.fields.map((f) => f.name)).toEqual(['storage_location', 'input', 'file_name', 'append_mode', 'local_format', 'file_format', 'overwrite', 'input_type', 'df', 'data', 'message', 'file_path']);
    expect(SaveToFile.outputs.map((o) => o.name)).toEqual(['message', 'confirmation']);
    expect([withExtension('a', 'excel'), withExtension('a.xls', 'excel'), withExtension('a.csv', 'csv'), withExtension('a.v1', 'json')]).toEqual(['a.xlsx', 'a.xls', 'a.csv', 'a.v1.json']);
  });

  it('writes a DataFrame as CSV by default, and answers the path as Langflow words it', async () => {
    const text = await save({ input: frame, file_name: 'reports/scores' });
    expect(await saved('reports/scores.csv')).toBe('title,score,extra\n"A, ""quoted""",3,\nB,10,True\n');
    expect(text).toBe(`DataFrame saved successfully as 'reports/scores.csv' at ${path.join(await realDir(), 'reports', 'scores.csv')}`);
  });

  it('writes JSON, Markdown and Excel for a DataFrame, and JSON for Data', async () => {
    await save({ input: frame, local_format: 'json' });
    expect(JSON.parse(await saved('out.json'))).toEqual(frame.map((r) => r.data));
    await save({ input: frame, local_format: 'markdown' });
    expect(await saved('out.markdown')).toBe(
      ['| title       |   score | extra   |', '|:------------|--------:|:--------|', '| A, "quoted" |       3 |         |', '| B           |      10 | True    |'].join('\n'),
    );
    await save({ input: frame, local_format: 'excel', file_name: 'book' });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path.join(savedDir, 'book.xlsx'));
    const sheet = workbook.getWorksheet('Sheet1')!;
    expect(sheet.getRow(1).values).toEqual([undefined, 'title', 'score', 'extra']);
    expect(sheet.getRow(3).values).toEqual([undefined, 'B', 10, true]);
    await save({ input: makeData({ name: 'Ann', tags: ['x'] }), file_name: 'one' });
    expect(await saved('one.json')).toBe('{\n  "name": "Ann",\n  "tags": [\n    "x"\n  ]\n}');
  });

  it('writes a Message as text, JSON or Markdown, and refuses formats Langflow refuses', async () => {
    await save({ input: message('hello'), local_format: 'txt' });
    expect(await saved('out.txt')).toBe('hello');
    await save({ input: message('hello'), local_format: 'json' });
    expect(JSON.parse(await saved('out.json'))).toEqual({ message: 'hello' });
    await save({ input: message('hello'), local_format: 'markdown' });
    expect(await saved('out.markdown')).toBe('**Message:**\n\nhello');
    await expect(save({ input: message('x'), local_format: 'excel' })).rejects.toThrow("Invalid file format 'excel' for Message. Allowed: ['txt', 'json', 'markdown']");
    await expect(save({ input: frame, local_format: 'txt' })).rejects.toThrow("Invalid file format 'txt' for DataFrame. Allowed: ['csv', 'excel', 'json', 'markdown']");
    await expect(save({ input: message('x'), storage_location: [{ name: 'AWS' }] })).rejects.toThrow('Storage location "AWS" is not available in Flowdesk');
    await expect(save({ input: message('x'), file_name: ' ' })).rejects.toThrow('File name must be provided.');
    await expect(save({ input: 'plain text' })).rejects.toThrow('Unsupported input type');
  });

  it("takes the older Langflow's input_type handles and file_path (extension included)", async () => {
    const text = await save({ file_name: '', input_type: 'Message', message: message('old style'), file_path: './legacy/out.txt', local_format: '', file_format: 'txt' });
    expect(await saved('legacy/out.txt')).toBe('old style');
    expect(text).toMatch(/^Message saved successfully as 'legacy\/out.txt' at /);
    await save({ file_name: '', input_type: 'DataFrame', df: frame, file_path: 'legacy/rows.csv', local_format: '', file_format: 'csv' });
    expect(await saved('legacy/rows.csv')).toMatch(/^title,score,extra\n/);
  });

  it('never replaces a file unless Overwrite is on, and appends as Langflow does with Append', async () => {
    await save({ input: message('first'), local_format: 'txt' });
    await expect(save({ input: message('second'), local_format: 'txt' })).rejects.toThrow(/A file "out.txt" is already saved .*: set Overwrite to replace it/);
    expect(await saved('out.txt')).toBe('first');
    await save({ input: message('second'), local_format: 'txt', overwrite: true });
    expect(await saved('out.txt')).toBe('second');
    const appended = await save({ input: message('third'), local_format: 'txt', append_mode: true });
    expect(await saved('out.txt')).toBe('second\nthird');
    expect(appended).toMatch(/^Message appended to 'out.txt' at /);

    await save({ input: frame, file_name: 'rows' });
    await save({ input: [makeData({ title: 'C', score: 1 })], file_name: 'rows', append_mode: true });
    expect(await saved('rows.csv')).toBe('title,score,extra\n"A, ""quoted""",3,\nB,10,True\nC,1\n');
    await save({ input: message('a'), local_format: 'json', file_name: 'log' });
    await save({ input: message('b'), local_format: 'json', file_name: 'log', append_mode: true });
    expect(JSON.parse(await saved('log.json'))).toEqual([{ message: 'a' }, { message: 'b' }]);
    // Excel is not a text format: Append does not apply, and the file is still not replaced.
    await save({ input: frame, local_format: 'excel', file_name: 'book' });
    await expect(save({ input: frame, local_format: 'excel', file_name: 'book', append_mode: true })).rejects.toThrow('already saved');
    // Atomic writes leave no temporary files behind.
    expect((await readdir(savedDir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses names that leave the folder: absolute, .., ~ and symbolic links', async () => {
    const outside = await makeTempDir('flowdesk-outside-');
    for (const name of [path.join(outside, 'x'), '/etc/x', 'C:\\x', '\\\\server\\share\\x']) {
      await expect(save({ input: message('x'), file_name: name })).rejects.toThrow('is an absolute path');
    }
    await expect(save({ input: message('x'), file_name: '../escape' })).rejects.toThrow('leads out of the folder ("..")');
    await expect(save({ input: message('x'), file_name: 'a/../../escape' })).rejects.toThrow('leads out of the folder ("..")');
    await expect(save({ input: message('x'), file_name: '~/x' })).rejects.toThrow('points into a home folder');
    await mkdir(savedDir, { recursive: true });
    await symlink(outside, path.join(savedDir, 'link'));
    await expect(save({ input: message('x'), file_name: 'link/x' })).rejects.toThrow('goes through a symbolic link (link)');
    await writeFile(path.join(outside, 'target.txt'), 'keep');
    await symlink(path.join(outside, 'target.txt'), path.join(savedDir, 'file.txt'));
    await expect(save({ input: message('x'), file_name: 'file', local_format: 'txt', overwrite: true })).rejects.toThrow('is a symbolic link');
    expect(await readFile(path.join(outside, 'target.txt'), 'utf8')).toBe('keep');
    expect(await readdir(outside)).toEqual(['target.txt']);
    expect((await lstat(path.join(savedDir, 'file.txt'))).isSymbolicLink()).toBe(true);
  });
});

async function realDir(): Promise<string> {
  const { realpath } = await import('node:fs/promises');
  return realpath(savedDir);
}

describe('SaveToFile in a running server', () => {
  const servers: { stop(): Promise<unknown> }[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
  });

  it("saves the chat input into the data directory's files/saved folder and answers the path", async () => {
    const server = await spawnServer();
    servers.push(server);
    const data = flow(
      [node('ChatInput-in001'), node('SaveToFile-save1', { file_name: 'notes/today', local_format: 'txt' }), node('ChatOutput-out01')],
      [edge('ChatInput-in001.message', 'SaveToFile-save1.input'), edge('SaveToFile-save1.message', 'ChatOutput-out01.input_value')],
    );
    const created = await request(server.url, 'POST', '/api/v1/flows/', { json: { name: 'Save', data } });
    expect(created.status, created.text).toBe(201);
    const res = await request(server.url, 'POST', `/api/v1/run/${created.body.id}`, { json: { input_value: 'remember the milk' } });
    expect(res.status, res.text).toBe(200);
    const file = path.join(server.dataDir, 'files', 'saved', 'notes', 'today.txt');
    expect(await readFile(file, 'utf8')).toBe('remember the milk');
    expect(res.body.outputs[0].outputs[0].results.message.text).toMatch(/^Message saved successfully as 'notes\/today.txt' at \/.*notes\/today\.txt$/);
    const again = await request(server.url, 'POST', `/api/v1/run/${created.body.id}`, { json: { input_value: 'again' } });
    expect(again.status).toBe(500);
    expect(JSON.stringify(again.body)).toContain('set Overwrite to replace it');
    const escape = await request(server.url, 'POST', `/api/v1/run/${created.body.id}`, { json: { input_value: 'x', tweaks: { 'SaveToFile-save1': { file_name: '../../flows' } } } });
    expect(JSON.stringify(escape.body)).toContain('leads out of the folder');
    expect(await readFile(file, 'utf8')).toBe('remember the milk');
  });
});
