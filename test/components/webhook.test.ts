import { describe, expect, it } from 'vitest';
import Webhook from '../../server/components/webhook.js';
import { testContext } from '../engine/support.js';

const parse = async (data: string) => (await Webhook.run({ data }, testContext())).output_data;

describe('Webhook', () => {
  it('gives a JSON object body as Data', async () => {
    expect(await parse('{"event":"push","n":1}')).toEqual({ data: { event: 'push', n: 1 }, text_key: 'text', default_value: '' });
  });

  it('keeps other bodies under payload', async () => {
    expect(await parse('not json')).toMatchObject({ data: { payload: 'not json' } });
    expect(await parse('[1,2]')).toMatchObject({ data: { payload: [1, 2] } });
    expect(await parse('  ')).toMatchObject({ data: {} });
  });
});
