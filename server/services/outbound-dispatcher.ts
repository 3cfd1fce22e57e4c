/**
 * undici dispatchers that enforce the outbound policy where connections are made: an IP literal is
 * checked before connecting, a host name's addresses as DNS answers them (before connecting to
 * any), and the socket's remote address once connected. Redirects open new connections, so they
 * are checked the same way. A refusal fails the connection with an OutboundRefusedError.
 */
import dns from 'node:dns';
import net, { type LookupFunction } from 'node:net';
import { Agent, buildConnector, type Dispatcher } from 'undici';
import { OutboundRefusedError } from '../engine/capabilities.js';
import type { OutboundPolicy } from './outbound-policy.js';

export interface OutboundDispatchers {
  /** The dispatcher for a request now: connections made under one mode are never reused under the other. */
  current(): Dispatcher;
  /** Ends every connection (at shutdown, once runs are done). */
  close(): Promise<void>;
}

export function createOutboundDispatchers(policy: OutboundPolicy): OutboundDispatchers {
  const open = new Agent({ connect: guardedConnector(policy) });
  const restricted = new Agent({ connect: guardedConnector(policy) });
  return {
    current: () => (policy.restricted() ? restricted : open),
    close: async () => {
      await Promise.all([open.destroy(), restricted.destroy()]);
    },
  };
}

function refused(reason: string): OutboundRefusedError {
  return new OutboundRefusedError(reason);
}

function guardedConnector(policy: OutboundPolicy): buildConnector.connector {
  return (options, callback) => {
    const port = Number(options.port) || (options.protocol === 'https:' ? 443 : 80);
    const host = options.hostname;
    const check = (address: string) => policy.refusal({ host, address, port });
    if (net.isIP(host)) {
      const reason = check(host);
      if (reason) {
        process.nextTick(() => callback(refused(reason), null));
        return;
      }
    }
    // A connector per connection, so that its DNS filter knows the port (TLS sessions are not reused).
    const connect = buildConnector({ lookup: guardedLookup(check) });
    connect(options, (error, socket) => {
      if (error || !socket) {
        callback(error ?? new Error(`Could not connect to ${host}:${port}`), null);
        return;
      }
      // Checked again on the connection itself, whatever resolved the name.
      const reason = check(socket.remoteAddress ?? '');
      if (reason) {
        socket.destroy();
        callback(refused(reason), null);
        return;
      }
      callback(null, socket);
    });
  };
}

/** dns.lookup, refusing the name when any of its addresses is refused (before any connection). */
function guardedLookup(check: (address: string) => string | null): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) {
        callback(error, '', 0);
        return;
      }
      for (const { address } of addresses) {
        const reason = check(address);
        if (reason) {
          callback(refused(reason), '', 0);
          return;
        }
      }
      const first = addresses[0];
      if (options.all) callback(null, addresses);
      else if (first) callback(null, first.address, first.family);
      else callback(Object.assign(new Error(`No address for ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
    });
  };
}

/**
 * A TCP connection for a component's own protocol (PostgreSQL for pgvector) under the same rule:
 * an IP literal checked before connecting, a host name's addresses as DNS answers them, and the
 * socket's remote address once connected. Fails after `timeoutMs` naming the host.
 */
export function connectGuarded(policy: OutboundPolicy, host: string, port: number, timeoutMs: number): Promise<net.Socket> {
  const check = (address: string) => policy.refusal({ host, address, port });
  return new Promise((resolve, reject) => {
    if (net.isIP(host)) {
      const reason = check(host);
      if (reason) {
        reject(refused(reason));
        return;
      }
    }
    const socket = net.connect({ host, port, lookup: guardedLookup(check) });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`Connecting to ${host}:${port} timed out after ${Math.round(timeoutMs / 1000)} s`));
    }, timeoutMs);
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      const reason = check(socket.remoteAddress ?? '');
      if (reason) {
        socket.destroy();
        reject(refused(reason));
        return;
      }
      resolve(socket);
    });
  });
}
