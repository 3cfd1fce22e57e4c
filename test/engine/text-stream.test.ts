import { describe, expect, it } from 'vitest';
import { resolveText } from '../../server/engine/resolve-text.js';
import { TextStream } from '../../server/engine/text-stream.js';
import { makeData } from '../../shared/data.js';
import { messageTimestamp, type Message } from '../../shared/message.js';

async function collect(stream: TextStream): Promise<string[]> {
  const chunks: string[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

describe('TextStream', () => {
  it('gives every consumer every chunk, replaying the missed ones to late consumers', async () => {
    const stream = new TextStream();
    const early = collect(stream);
    stream.push('a');
    stream.push('b');
    const late = collect(stream);
    stream.push('c');
    stream.end();
    expect(await early).toEqual(['a', 'b', 'c']);
    expect(await late).toEqual(['a', 'b', 'c']);
    expect(await collect(stream)).toEqual(['a', 'b', 'c']);
    expect(await stream.text()).toBe('abc');
  });

  it('delivers chunks while the producer is still writing', async () => {
    const stream = new TextStream();
    const iterator = stream[Symbol.asyncIterator]();
    const first = iterator.next();
    stream.push('one');
    expect(await first).toEqual({ value: 'one', done: false });
    expect(stream.state).toBe('open');
    stream.end();
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });

  it('fails every consumer with the producer error itself', async () => {
    const stream = new TextStream();
    const error = new Error('provider down');
    const consumer = collect(stream);
    const text = stream.text();
    stream.push('partial');
    stream.fail(error);
    await expect(consumer).rejects.toBe(error);
    await expect(text).rejects.toBe(error);
    expect(stream.error).toBe(error);
    expect(stream.textSoFar).toBe('partial');
  });

  it('refuses chunks after the end and ignores a second end or failure', () => {
    const stream = new TextStream();
    stream.end();
    stream.fail(new Error('late'));
    expect(stream.state).toBe('ended');
    expect(() => stream.push('x')).toThrow(/ended/);
  });
});

describe('resolveText', () => {
  const message: Message = {
    id: 'm1',
    text: 'from a message',
    sender: 'User',
    sender_name: 'User',
    session_id: 's',
    flow_id: null,
    timestamp: messageTimestamp(),
    files: [],
    error: false,
    properties: { source: { id: null, display_name: null, source: null } },
  };

  it('reads strings, messages, Data, streams, lists and nothing', async () => {
    const stream = new TextStream();
    setTimeout(() => {
      stream.push('stre');
      stream.push('amed');
      stream.end();
    }, 1);
    expect(await resolveText('plain')).toBe('plain');
    expect(await resolveText(message)).toBe('from a message');
    expect(await resolveText(makeData({ text: 'data text' }))).toBe('data text');
    expect(await resolveText(makeData({ a: 1 }))).toBe('{"a":1}');
    expect(await resolveText(stream)).toBe('streamed');
    expect(await resolveText(['a', message])).toBe('a\nfrom a message');
    expect(await resolveText(undefined)).toBe('');
    expect(await resolveText(3)).toBe('3');
  });
});
