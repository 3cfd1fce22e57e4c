import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import File from '../../server/components/file.js';
import { systemClock } from '../../server/services/clock.js';
import { createFileService, type FileService } from '../../server/services/file-service.js';
import type { Data } from '../../shared/data.js';
import type { Message } from '../../shared/message.js';
import { makePdf } from '../support/make-pdf.js';
import { testContext } from '../engine/support.js';
import { makeTempDir } from '../support/temp-dir.js';

const defaults = Object.fromEntries(File.fields.map((f) => [f.name, f.default]));
let dir: string;
let service: FileService;
beforeAll(async () => {
  dir = await makeTempDir('flowdesk-files-');
  service = createFileService({ dataDir: dir, clock: systemClock });
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

const upload = async (name: string, content: string | Buffer) => (await service.upload(name, typeof content === 'string' ? Buffer.from(content) : content)).path;
const run = (extra: Record<string, unknown>) => File.run({ ...defaults, ...extra }, testContext({ files: service.access() }));

describe('File', () => {
  it('reads text and Markdown as the raw content', async () => {
    const notes = await upload('notes.md', '# Title\n\nSome *notes*.');
    const out = await run({ path: [notes] });
    expect((out.message as Message).text).toBe('# Title\n\nSome *notes*.');
    expect((out.data as Data).data).toMatchObject({ text: '# Title\n\nSome *notes*.', name: 'notes.md', file_path: notes });
  });

  it('reads CSV as rows and JSON as data', async () => {
    const csv = await upload('people.csv', 'name,city\nAda,"London, UK"\n"Al ""the"" Turing",Wilmslow\n');
    const rows = (await run({ path: csv })).dataframe as Data[];
    expect(rows.map((r) => [r.data.name, r.data.city])).toEqual([
      ['Ada', 'London, UK'],
      ['Al "the" Turing', 'Wilmslow'],
    ]);
    const json = await upload('config.json', '{"model": "gpt-4o", "retries": 3}');
    expect(((await run({ path: [json] })).data as Data).data).toMatchObject({ model: 'gpt-4o', retries: 3 });
  });

  it('extracts the text of a PDF', async () => {
    const pdf = await upload('report.pdf', makePdf(['Quarterly report', 'Revenue grew (a lot)']));
    const text = ((await run({ path: [pdf] })).message as Message).text;
    expect(text).toContain('Quarterly report');
    expect(text).toContain('Revenue grew (a lot)');
  });

  it('joins several files, and takes paths from a connected Data', async () => {
    const a = await upload('a.txt', 'first');
    const b = await upload('b.txt', 'second');
    expect(((await run({ path: [a], file_path: { data: { file_path: b }, text_key: 'text', default_value: '' } })).message as Message).text).toBe('first\n\nsecond');
  });

  it('fails clearly on unsupported types, missing files, paths outside the uploads and no selection', async () => {
    const docx = await upload('letter.docx', 'binary');
    await expect(run({ path: [docx] })).rejects.toThrow(/^Unsupported file type \.docx \(letter\.docx\)/);
    await expect(run({ path: ['user/nope.txt'] })).rejects.toThrow('No uploaded file at "user/nope.txt"');
    await expect(run({ path: ['../../etc/passwd'] })).rejects.toThrow('File path "../../etc/passwd" is outside the uploaded files');
    await expect(run({ path: [] })).rejects.toThrow('No file selected');
    const bad = await upload('bad.json', '{oops');
    await expect(run({ path: [bad] })).rejects.toThrow('bad.json is not valid JSON');
    const ok = await upload('ok.txt', 'fine');
    expect(((await run({ path: [docx, ok], silent_errors: true })).message as Message).text).toBe('fine');
  });
});

describe('file service', () => {
  it('lists, deletes and answers v1 uploads by flow', async () => {
    const before = (await service.list()).length;
    const file = await service.upload('../../sneaky name.txt', Buffer.from('x'));
    expect(file).toMatchObject({ name: 'sneaky name.txt', size: 1, path: expect.stringMatching(/^user\/[0-9a-f-]{36}\.txt$/) });
    expect((await service.list()).length).toBe(before + 1);
    await service.delete(file.id);
    expect((await service.list()).length).toBe(before);
    await expect(service.delete(file.id)).rejects.toThrow(`File ${file.id} not found`);
    const v1 = await service.uploadForFlow('flow-123', 'doc.txt', Buffer.from('v1 text'));
    expect(v1.file_path).toMatch(/^flow-123\/\d+_doc\.txt$/);
    const read = await service.access().read(v1.file_path);
    expect(read.name).toBe('doc.txt');
    await expect(service.uploadForFlow('../x', 'a.txt', Buffer.from(''))).rejects.toThrow('Invalid flow id');
  });

  it("gives Langflow's path output: the paths of the files read, one a line, that File's file_path input takes back", async () => {
    const a = await upload('a.txt', 'first');
    const b = await upload('b.md', 'second');
    const out = await run({ path: [a, b] });
    expect((out.path as Message).text).toBe(`${a}\n${b}`);
    const again = await run({ path: [], file_path: out.path });
    expect((again.message as Message).text).toBe('first\n\nsecond');
    // A file that cannot be read is left out when errors are silenced.
    expect(((await run({ path: [a, 'nowhere/missing.txt'], silent_errors: true })).path as Message).text).toBe(a);
  });
});
