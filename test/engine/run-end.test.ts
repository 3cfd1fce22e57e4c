/** `ctx.onRunEnd`: what a node keeps open for the run (an MCP connection) is closed once the run has ended, however it ended. */
import { describe, expect, it } from 'vitest';
import { defineComponent } from '../../server/engine/define-component.js';
import { createRegistry } from '../../server/engine/registry.js';
import { runFlow } from '../../server/engine/run-flow.js';
import { planFlow } from '../../server/engine/run-plan.js';
import type { FlowData } from '../../shared/flow.js';
import { edge, flow, node, testComponents } from './support.js';
import { setTimeout as sleep } from 'node:timers/promises';

const log: string[] = [];

const Keeper = defineComponent({
  type: 'Keeper',
  display_name: 'Keeper',
  description: 'Keeps something open for the run.',
  category: 'Test',
  fields: [{ name: 'name', display_name: 'Name', kind: 'str', default: 'k' }],
  outputs: [{ name: 'out', display_name: 'Out', types: ['Message'] }],
  async run(inputs, ctx) {
    const name = String(inputs.name);
    log.push(`open ${name}`);
    ctx.onRunEnd(async () => {
      await sleep(20);
      log.push(`closed ${name}`);
    });
    ctx.onRunEnd(() => {
      throw new Error('a failing clean-up is ignored');
    });
    return { out: name };
  },
});

const registry = createRegistry([...testComponents, Keeper]);

function run(data: FlowData) {
  return runFlow({ plan: planFlow(data, registry), flowId: 'f', sessionId: 's', messages: { store: async () => {}, history: async () => [] }, variables: { get: async () => undefined }, env: {} });
}

describe('ctx.onRunEnd', () => {
  it('runs every clean-up after the last node, before the run answers', async () => {
    log.length = 0;
    const data = flow([node('Keeper-a', { name: 'a' }), node('Keeper-b', { name: 'b' }), node('Slow-s', { ms: 30, text: 'x' })], []);
    const done = run(data).then(() => log.push('answered'));
    await done;
    expect(log.slice(0, 2).sort()).toEqual(['open a', 'open b']);
    expect(log.slice(2, 4).sort()).toEqual(['closed a', 'closed b']);
    expect(log[4]).toBe('answered');
  });

  it('runs them when the run fails too', async () => {
    log.length = 0;
    const data = flow([node('Keeper-a', { name: 'a' }), node('Fail-f', { ms: 10 })], [edge('Keeper-a.out', 'Fail-f.text')]);
    await expect(run(data)).rejects.toThrow('boom');
    expect(log).toEqual(['open a', 'closed a']);
  });
});
