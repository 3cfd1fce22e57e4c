import { describe, expect, it } from 'vitest';
import { areaOf, renderSummary, summarizeProfile, type CpuProfile } from '../../bench/profile-summary.js';

const frame = (functionName: string, url = '', lineNumber = 0) => ({ functionName, url, lineNumber });

describe('cpu profile summary', () => {
  it('adds self time per function and per area, leaving idle out of the shares', () => {
    const profile: CpuProfile = {
      nodes: [
        { id: 1, callFrame: frame('(root)') },
        { id: 2, callFrame: frame('(idle)') },
        { id: 3, callFrame: frame('compose', 'file:///r/node_modules/koa-compose/index.js', 9) },
        { id: 4, callFrame: frame('runFlow', 'file:///r/dist/server/engine/run-flow.js', 41) },
        { id: 5, callFrame: frame('(garbage collector)') },
      ],
      samples: [2, 3, 4, 4, 5, 2],
      timeDeltas: [1000, 1000, 2000, 2000, 1000, 3000],
    };
    const s = summarizeProfile(profile);
    expect(s.totalMs).toBe(10);
    expect(s.busyMs).toBe(6);
    expect(s.functions[0]).toEqual({ name: 'runFlow dist/server/engine/run-flow.js:42', ms: 4, pct: expect.closeTo(66.67, 1) as number });
    expect(s.areas.map((a) => a.name)).toEqual(['server/engine', 'koa-compose', '(garbage collector)']);
    expect(renderSummary(s)).toContain('self time by area:');
  });

  it('names areas by package, source folder or Node internals', () => {
    expect(areaOf(frame('f', 'file:///x/node_modules/@koa/router/lib/router.js'))).toBe('@koa/router');
    expect(areaOf(frame('f', 'node:internal/streams/writable'))).toBe('node:internal/streams');
    expect(areaOf(frame('f', 'node:fs'))).toBe('node:fs');
    expect(areaOf(frame('f', 'file:///x/dist/server/http/create-app.js'))).toBe('server/http');
    expect(areaOf(frame('f', 'file:///x/dist/server/cli.js'))).toBe('server/cli.js');
    expect(areaOf(frame('(program)'))).toBe('(program)');
  });
});
