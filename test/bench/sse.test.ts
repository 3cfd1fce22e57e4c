import { describe, expect, it } from 'vitest';
import { BlockSplitter, chunkDelta, parseLangflowBlock, parseSseBlock, tokenChunk } from '../../bench/sse.js';
import { tokenIndexes } from '../../bench/relay.js';

describe('stream readers', () => {
  it('splits blocks at blank lines even when a chunk boundary falls anywhere', () => {
    const text = 'data: {"a":1}\n\ndata: {"a":2}\n\r\ndata: [DONE]\n\n';
    for (let cut = 0; cut <= text.length; cut++) {
      const s = new BlockSplitter();
      const blocks = [...s.push(text.slice(0, cut)), ...s.push(text.slice(cut)), ...s.end()];
      expect(blocks.map(parseSseBlock)).toEqual([{ kind: 'data', json: { a: 1 } }, { kind: 'data', json: { a: 2 } }, { kind: 'done' }]);
    }
  });

  it('returns an unterminated last block at the end', () => {
    const s = new BlockSplitter();
    expect(s.push('{"event":"end","data":{}}')).toEqual([]);
    expect(s.end()).toEqual(['{"event":"end","data":{}}']);
  });

  it('skips SSE comments and reads the delta of a chat.completion.chunk', () => {
    expect(parseSseBlock(': keep-alive')).toBeUndefined();
    const item = parseSseBlock('data: {"choices":[{"delta":{"content":"w3 "}}]}');
    expect(item?.kind === 'data' && chunkDelta(item.json)).toBe('w3 ');
    expect(chunkDelta({ choices: [{ delta: {} }] })).toBe('');
  });

  it('reads Langflow-framed events and token chunks', () => {
    const e = parseLangflowBlock('{"event":"token","data":{"chunk":"w1 w2 ","id":"x"}}');
    expect(e.event).toBe('token');
    expect(tokenChunk(e.data)).toBe('w1 w2 ');
    expect(tokenIndexes(tokenChunk(e.data))).toEqual([1, 2]);
    expect(() => parseLangflowBlock('{"data":1}')).toThrow(/not a Langflow event/);
  });
});
