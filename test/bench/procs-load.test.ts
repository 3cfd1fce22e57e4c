import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { runLoad } from '../../bench/load.js';
import { freePort, parseProcStatus, pinned, readCpuMs, readRss } from '../../bench/procs.js';
import { roundOrder } from '../../bench/phase-load.js';

describe('process helpers', () => {
  it('reads VmRSS and VmHWM from a /proc status text, in MB', () => {
    const text = 'Name:\tnode\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\nThreads:\t7\n';
    expect(parseProcStatus(text)).toEqual({ rssMb: 100, hwmMb: 200 });
    expect(parseProcStatus('Name: x').rssMb).toBeNaN();
  });

  it.skipIf(process.platform !== 'linux')('reads this process’s RSS and CPU time from /proc', () => {
    const rss = readRss(process.pid);
    expect(rss.rssMb).toBeGreaterThan(10);
    expect(rss.hwmMb).toBeGreaterThanOrEqual(rss.rssMb);
    expect(readCpuMs(process.pid)).toBeGreaterThan(0);
  });

  it('prefixes taskset only when pinning', () => {
    expect(pinned(null, 'node', ['a.js'])).toEqual(['node', ['a.js']]);
    expect(pinned(0, 'node', ['a.js'])).toEqual(['taskset', ['-c', '0', 'node', 'a.js']]);
  });

  it('finds a port nobody listens on', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    server.close();
  });

  it('rotates the targets every round so each cell appears once per round', () => {
    const r0 = roundOrder([1, 10], 0).map((c) => `${c.target}/${c.mode}/${c.connections}`);
    const r1 = roundOrder([1, 10], 1).map((c) => `${c.target}/${c.mode}/${c.connections}`);
    expect(r0).toHaveLength(6);
    expect(new Set(r0)).toEqual(new Set(r1));
    expect(r0[0]).not.toBe(r1[0]);
  });
});

describe('a load cell', () => {
  it('counts 2xx answers, non-2xx answers and per-request latencies', async () => {
    let n = 0;
    const bodies: string[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        bodies.push(body);
        res.writeHead(++n % 5 === 0 ? 500 : 200, { 'content-type': 'application/json' });
        res.end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const r = await runLoad({ url: `http://127.0.0.1:${port}/x`, connections: 2, amount: 50, body: { input_value: 'hi' } });
      expect(r.ok + r.non2xx).toBe(50);
      expect(r.non2xx).toBe(10);
      expect(r.latency.count).toBe(40);
      expect(r.latency.p50).toBeGreaterThan(0);
      expect(r.latency.p99).toBeGreaterThanOrEqual(r.latency.p50);
      expect(r.rps).toBeGreaterThan(0);
      expect(JSON.parse(bodies[0] as string)).toEqual({ input_value: 'hi' });
    } finally {
      server.close();
    }
  });
});
