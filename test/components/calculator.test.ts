import { describe, expect, it } from 'vitest';
import Calculator from '../../server/components/calculator.js';
import { evaluateArithmetic, formatNumber } from '../../server/components/lib/arithmetic.js';
import type { Tool } from '../../server/engine/tool.js';
import type { Data } from '../../shared/data.js';
import { testContext } from '../engine/support.js';

describe('Calculator', () => {
  it.each([
    ['4*4*(33/22)+12-20', '16'],
    ['2 ** 10', '1024'],
    ['2^3^2', '512'],
    ['-3 + +5', '2'],
    ['7 // 2', '3'],
    ['-7 % 3', '2'],
    ['1/3', '0.333333'],
    ['.5 * 4', '2'],
    ['1e3 + 1', '1001'],
  ])('%s = %s', (expression, expected) => {
    expect(formatNumber(evaluateArithmetic(expression))).toBe(expected);
  });

  it('answers a result as Data, and an error as Data too', async () => {
    expect(((await Calculator.run({ expression: '6*7' }, testContext())).result as Data).data).toEqual({ result: '42' });
    const error = ((await Calculator.run({ expression: '1/0' }, testContext())).result as Data).data;
    expect(error.error).toBe('Error evaluating "1/0": Division by zero');
  });

  it.each([
    ['__import__("os")', 'Unsupported character "_"'],
    ['2 +', 'Unexpected end of expression'],
    ['(1 + 2', 'Missing closing parenthesis'],
    ['1 2', 'Unexpected "2"'],
    ['', 'Empty expression'],
  ])('refuses %j', (expression, message) => {
    expect(() => evaluateArithmetic(expression)).toThrow(message);
  });

  it('is a tool whose errors reach the agent as errors', async () => {
    const tool = (await Calculator.run({}, testContext({ wanted: ['component_as_tool'] }))).component_as_tool as Tool;
    expect(tool.name).toBe('evaluate_expression');
    expect(tool.parameters.required).toEqual(['expression']);
    expect(await tool.invoke({ expression: '(2+3)*4' }, new AbortController().signal)).toBe('20');
    await expect(tool.invoke({ expression: 'x' }, new AbortController().signal)).rejects.toThrow('Unsupported character "x"');
  });
});
