/**
 * The outbound policy without a network: how addresses are classified, which connections an
 * exposed or a desktop server refuses, `--allow-outbound`, URL schemes, and that a refused
 * connection is refused before any is opened (checked against a loopback listener that counts).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import APIRequest from '../../server/components/api-request.js';
import { toHttpUrl } from '../../server/components/lib/http-url.js';
import { resolveRunConfig } from '../../server/config/resolve-config.js';
import { formatRunHelp } from '../../server/config/help.js';
import { parseOutboundList } from '../../server/config/values.js';
import { OutboundRefusedError } from '../../server/engine/capabilities.js';
import type { Tool } from '../../server/engine/tool.js';
import { createHttpAccess } from '../../server/services/http-access.js';
import { createOutboundDispatchers } from '../../server/services/outbound-dispatcher.js';
import { addressRange, createOutboundPolicy } from '../../server/services/outbound-policy.js';
import { prepareOutbound } from '../../server/start-outbound.js';
import { testContext } from '../engine/support.js';

describe('address ranges (ipaddr.js)', () => {
  it('names loopback, private, link-local, metadata and other special ranges, IPv4-mapped included', () => {
    const cases: [string, string][] = [
      ['127.0.0.1', 'loopback'],
      ['127.255.0.9', 'loopback'],
      ['::1', 'loopback'],
      ['::ffff:127.0.0.1', 'loopback'],
      ['10.0.0.1', 'private'],
      ['172.16.5.4', 'private'],
      ['192.168.1.1', 'private'],
      ['::ffff:10.0.0.1', 'private'],
      ['169.254.169.254', 'linkLocal'],
      ['fe80::1', 'linkLocal'],
      ['fd00:ec2::254', 'uniqueLocal'],
      ['0.0.0.0', 'unspecified'],
      ['::', 'unspecified'],
      ['100.64.0.1', 'carrierGradeNat'],
      ['8.8.8.8', 'unicast'],
      ['2001:4860:4860::8888', 'unicast'],
      ['not-an-ip', 'invalid'],
    ];
    for (const [address, range] of cases) expect(addressRange(address), address).toBe(range);
  });
});

describe('the policy', () => {
  const ownPort = 7861;
  const exposed = createOutboundPolicy({ ownPort: () => ownPort, ownHost: () => '127.0.0.1', restricted: () => true, allow: [{ host: 'ollama.lan', port: 11434 }, { host: '10.0.0.5', port: null }] });
  const desktop = createOutboundPolicy({ ownPort: () => ownPort, ownHost: () => '127.0.0.1', restricted: () => false });
  const refusal = (policy: typeof exposed, host: string, port: number, address = host) => policy.refusal({ host, address, port });

  it("refuses the server's own port on every local address, in both modes", () => {
    for (const policy of [exposed, desktop]) {
      for (const address of ['127.0.0.1', '127.0.0.2', '::1', '::ffff:127.0.0.1', '0.0.0.0', '::']) {
        expect(refusal(policy, address, ownPort), address).toMatch(/is the server's own address$/);
      }
      expect(refusal(policy, 'localhost', ownPort, '127.0.0.1')).toBe("localhost:7861 (127.0.0.1) is the server's own address");
    }
  });

  it('on an exposed server refuses private, link-local and metadata addresses, naming host and flag', () => {
    expect(refusal(exposed, '10.0.0.1', 80)).toBe('10.0.0.1:80 is a private address; allow it with --allow-outbound 10.0.0.1:80');
    expect(refusal(exposed, '169.254.169.254', 80)).toBe('169.254.169.254:80 is a link-local address (cloud metadata); allow it with --allow-outbound 169.254.169.254:80');
    expect(refusal(exposed, 'metadata.internal', 80, '169.254.169.254')).toMatch(/^metadata\.internal:80 \(169\.254\.169\.254\) is a link-local address \(cloud metadata\)/);
    expect(refusal(exposed, 'fd00:ec2::254', 80)).toMatch(/^\[fd00:ec2::254\]:80 is a private \(unique local\) address/);
    expect(refusal(exposed, '::ffff:192.168.0.1', 443, '::ffff:192.168.0.1')).toMatch(/is a private address/);
    expect(refusal(exposed, '127.0.0.1', 11434)).toMatch(/is a loopback address/);
    expect(refusal(exposed, 'example.com', 443, '93.184.215.14')).toBeNull();
  });

  it('lets --allow-outbound entries through on an exposed server (by name or address, port or any)', () => {
    expect(refusal(exposed, 'ollama.lan', 11434, '192.168.1.20')).toBeNull();
    expect(refusal(exposed, 'ollama.lan', 8080, '192.168.1.20')).toMatch(/is a private address/);
    expect(refusal(exposed, '10.0.0.5', 1)).toBeNull();
    expect(refusal(exposed, 'box.lan', 22, '10.0.0.5')).toBeNull();
    const allowingOwn = createOutboundPolicy({ ownPort: () => ownPort, restricted: () => true, allow: [{ host: '127.0.0.1', port: null }] });
    expect(refusal(allowingOwn, '127.0.0.1', ownPort)).toMatch(/own address/);
  });

  it('on a desktop server lets every other address through', () => {
    for (const address of ['127.0.0.1', '10.0.0.1', '169.254.169.254', '::1']) expect(refusal(desktop, address, 11434), address).toBeNull();
  });
});

describe('--allow-outbound', () => {
  it('parses HOST[:PORT] lists, from the flag and from FLOWDESK_ALLOW_OUTBOUND, and appears in --help', () => {
    const expected = [
      { host: '127.0.0.1', port: 11434 },
      { host: 'ollama.lan', port: null },
      { host: 'fd00::1', port: 8080 },
    ];
    const raw = '127.0.0.1:11434, Ollama.LAN,[fd00::1]:8080';
    expect(parseOutboundList(raw)).toEqual({ ok: true, value: expected });
    expect(resolveRunConfig(['--allow-outbound', raw], {}, 'linux', '/home/ada', '/srv').allowOutbound).toEqual(expected);
    expect(resolveRunConfig([], { FLOWDESK_ALLOW_OUTBOUND: raw }, 'linux', '/home/ada', '/srv').allowOutbound).toEqual(expected);
    for (const bad of ['http://x', 'a b', 'host:0', 'host:99999', '[zz]']) expect(parseOutboundList(bad).ok, bad).toBe(false);
    expect(() => resolveRunConfig(['--allow-outbound', 'http://x'], {}, 'linux', '/home/ada', '/srv')).toThrow(/invalid --allow-outbound 'http:\/\/x'/);
    expect(formatRunHelp('/d')).toMatch(/--allow-outbound HOSTS\s+.*\n\s+env FLOWDESK_ALLOW_OUTBOUND/);
  });
});

describe('component URLs', () => {
  it('take http and https as given, add https:// to a bare host name, and refuse other schemes', () => {
    expect(toHttpUrl('http://example.com/a')).toBe('http://example.com/a');
    expect(toHttpUrl('HTTPS://Example.com')).toBe('https://example.com/');
    expect(toHttpUrl('example.com/docs?q=1')).toBe('https://example.com/docs?q=1');
    expect(toHttpUrl('localhost:11434/api')).toBe('https://localhost:11434/api');
    expect(toHttpUrl('[::1]:8080')).toBe('https://[::1]:8080/');
    for (const url of ['file:///etc/passwd', 'ftp://example.com/', 'data:text/plain,hi', 'javascript:alert(1)', 'mailto:a@example.com']) {
      expect(() => toHttpUrl(url), url).toThrow(/Unsupported URL scheme/);
    }
    expect(() => toHttpUrl('not a url')).toThrow(/Invalid URL/);
  });
});

describe('the guarded dispatcher', () => {
  let connections = 0;
  let requests = 0;
  let port = 0;
  const server = http.createServer((_req, res) => {
    requests++;
    res.end('reached');
  });
  server.on('connection', () => connections++);
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('refuses before connecting: an IP literal before the socket, a name once DNS answers', async () => {
    const http = createHttpAccess({ outbound: createOutboundDispatchers(createOutboundPolicy({ ownPort: () => port, restricted: () => true })) });
    for (const url of [`http://127.0.0.1:${port}/`, `http://localhost:${port}/`, `https://localhost:${port}/`, `http://127.0.0.1:${port + 1 === 65536 ? 1 : port + 1}/`]) {
      await expect(http(url), url).rejects.toBeInstanceOf(OutboundRefusedError);
    }
    await expect(http(`http://localhost:${port}/`)).rejects.toThrow(`Refused to fetch http://localhost:${port}/: localhost:${port} (`);
    expect(connections).toBe(0);
    expect(requests).toBe(0);
  });

  it('refuses an Agent tool (API Request in tool mode) the same way', async () => {
    const http = createHttpAccess({ outbound: createOutboundDispatchers(createOutboundPolicy({ ownPort: () => port })) });
    const defaults = Object.fromEntries(APIRequest.fields.map((f) => [f.name, f.default]));
    const out = await APIRequest.run({ ...defaults }, testContext({ http, wanted: ['component_as_tool'] }));
    const tool = out.component_as_tool as Tool;
    await expect(tool.invoke({ url_input: `http://0x7f000001:${port}/` }, new AbortController().signal)).rejects.toThrow(/is the server's own address/);
    expect(connections).toBe(0);
  });

  it('counts a non-loopback --host as exposed, keys or not (start-outbound.ts)', async () => {
    const keyless = { apiKeyRequired: () => false };
    const everywhere = prepareOutbound({ host: '0.0.0.0', allowOutbound: [] }, keyless);
    const desktop = prepareOutbound({ host: '127.0.0.1', allowOutbound: [] }, keyless);
    const keyed = prepareOutbound({ host: '127.0.0.1', allowOutbound: [{ host: 'localhost', port }] }, { apiKeyRequired: () => true });
    try {
      await expect(everywhere.http(`http://127.0.0.1:${port}/`)).rejects.toThrow(`127.0.0.1:${port} is a loopback address; allow it with --allow-outbound 127.0.0.1:${port}`);
      await expect(keyed.http(`http://127.0.0.1:${port}/`)).rejects.toThrow(/is a loopback address/);
      expect(connections).toBe(0);
      expect(await (await keyed.http(`http://localhost:${port}/`)).text()).toBe('reached');
      expect(await (await desktop.http(`http://127.0.0.1:${port}/`)).text()).toBe('reached');
    } finally {
      await Promise.all([everywhere.close(), desktop.close(), keyed.close()]);
    }
  });

  it('connects where the policy allows', async () => {
    const http = createHttpAccess({ outbound: createOutboundDispatchers(createOutboundPolicy({ ownPort: () => port + 1, restricted: () => false })) });
    expect(await (await http(`http://localhost:${port}/`)).text()).toBe('reached');
    expect(requests).toBe(3);
  });
});
