import { describe, expect, it } from 'vitest';
import ConditionalRouter, { evaluate } from '../../server/components/conditional-router.js';
import type { Message } from '../../shared/message.js';
import { testContext } from '../engine/support.js';

const defaults = Object.fromEntries(ConditionalRouter.fields.map((f) => [f.name, f.default]));

describe('ConditionalRouter (If-Else)', () => {
  it('passes the input down the true output and stops the false one', async () => {
    const ctx = testContext();
    const out = await ConditionalRouter.run({ ...defaults, input_text: 'Refund please', operator: 'contains', match_text: 'refund', case_sensitive: false }, ctx);
    expect((out.true_result as Message).text).toBe('Refund please');
    expect(out).not.toHaveProperty('false_result');
    expect([...ctx.stopped]).toEqual(['false_result']);
  });

  it('takes the false branch with its case message', async () => {
    const ctx = testContext();
    const out = await ConditionalRouter.run({ ...defaults, input_text: 'hello', match_text: 'bye', false_case_message: 'no match' }, ctx);
    expect((out.false_result as Message).text).toBe('no match');
    expect([...ctx.stopped]).toEqual(['true_result']);
  });

  it.each([
    ['abc', 'abc', 'equals', true, true],
    ['abc', 'ABC', 'equals', true, false],
    ['abc', 'ABC', 'equals', false, true],
    ['abc', 'x', 'not equals', true, true],
    ['abcdef', 'abc', 'starts with', true, true],
    ['abcdef', 'def', 'ends with', true, true],
    ['order 42', 'order \\d+', 'regex', true, true],
    ['my order 42', 'order \\d+', 'regex', true, false],
    ['x', '([', 'regex', true, false],
    ['9', '10', 'less than', true, true],
    ['10', '10', 'less than or equal', true, true],
    ['10.5', '10', 'greater than', true, true],
    ['10', '10', 'greater than or equal', true, true],
    ['ten', '10', 'greater than', true, false],
  ])('%s %s %s (case sensitive %s) is %s', (input, match, operator, caseSensitive, expected) => {
    expect(evaluate(input, match, operator, caseSensitive)).toBe(expected);
  });

  it('refuses an unknown operator', async () => {
    await expect(ConditionalRouter.run({ ...defaults, input_text: 'a', match_text: 'a', operator: 'sounds like' }, testContext())).rejects.toThrow('Unknown operator "sounds like"');
  });
});
