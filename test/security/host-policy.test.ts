/** Which Host headers and Origins are the server's own (unit level: every binding case). */
import { describe, expect, it } from 'vitest';
import { HostPolicy, isLoopbackHost, splitHostPort } from '../../server/http/host-policy.js';

function policy(bind: string, allowed: string[] = [], port = 7861): HostPolicy {
  const p = new HostPolicy(bind, allowed, 'devbox');
  p.setPort(port);
  return p;
}

describe('Host header check (DNS rebinding)', () => {
  it('on loopback: localhost, 127.0.0.1 and [::1] with the server port only', () => {
    const p = policy('127.0.0.1');
    for (const host of ['localhost:7861', '127.0.0.1:7861', '[::1]:7861', 'LOCALHOST:7861', 'localhost.:7861']) expect(p.allowsHost(host), host).toBe(true);
    for (const host of ['evil.example:7861', 'evil.example', 'localhost:7862', '127.0.0.1', 'localhost.evil.example:7861', '10.0.0.5:7861', 'devbox:7861', '', 'a b:7861', '127.0.0.1:7861@evil', '[::1]:99999'])
      expect(p.allowsHost(host), host).toBe(false);
  });

  it('bound to every interface: also any IP literal and the machine name, never a foreign name', () => {
    const p = policy('0.0.0.0');
    for (const host of ['192.168.1.20:7861', '[fe80::1]:7861', 'devbox:7861', 'devbox.local:7861', 'localhost:7861']) expect(p.allowsHost(host), host).toBe(true);
    for (const host of ['evil.example:7861', '192.168.1.20:80', 'rebind.127.0.0.1.nip.io:7861']) expect(p.allowsHost(host), host).toBe(false);
  });

  it('bound to one address: that address and loopback', () => {
    const p = policy('192.168.1.20');
    expect(p.allowsHost('192.168.1.20:7861')).toBe(true);
    expect(p.allowsHost('127.0.0.1:7861')).toBe(true);
    expect(p.allowsHost('192.168.1.21:7861')).toBe(false);
  });

  it('configured allowed hosts: a name (any port) or name:port', () => {
    const p = policy('127.0.0.1', ['flowdesk.lan', 'proxy.example:443']);
    expect(p.allowsHost('flowdesk.lan')).toBe(true);
    expect(p.allowsHost('flowdesk.lan:8080')).toBe(true);
    expect(p.allowsHost('proxy.example:443')).toBe(true);
    expect(p.allowsHost('proxy.example')).toBe(false);
  });

  it('port 80 is implied when the Host names none', () => {
    expect(policy('127.0.0.1', [], 80).allowsHost('localhost')).toBe(true);
  });

  it('parses host:port, IPv6 in brackets, and refuses junk', () => {
    expect(splitHostPort('[::1]:80')).toEqual({ name: '[::1]', port: 80 });
    expect(splitHostPort('Example.COM')).toEqual({ name: 'example.com', port: null });
    for (const junk of ['a:b', 'x/y', 'http://x', '[zz]:1', 'a:1:2']) expect(splitHostPort(junk), junk).toBeUndefined();
  });
});

describe('own origin', () => {
  it('is a page this server served, under any of its names, on its port', () => {
    const p = policy('127.0.0.1');
    for (const origin of ['http://127.0.0.1:7861', 'http://localhost:7861', 'http://[::1]:7861']) expect(p.isOwnOrigin(origin), origin).toBe(true);
    for (const origin of ['null', 'http://127.0.0.1:7862', 'http://localhost:5173', 'https://evil.example', 'file://', 'http://evil.example:7861', 'chrome-extension://abc'])
      expect(p.isOwnOrigin(origin), origin).toBe(false);
  });
});

describe('isLoopbackHost', () => {
  it('tells loopback from addresses other machines reach', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.1.2', 'example.com', '::ffff:10.0.0.1']) expect(isLoopbackHost(host), host).toBe(false);
  });
});
