/**
 * Which `Host` headers and `Origin`s are this server's own. A DNS-rebinding page reaches the server
 * under the attacker's name, so a request is served only when its Host is the server's own address:
 * `localhost`, `127.0.0.1` or `[::1]` with the server's port, the address it is bound to, any IP
 * literal and the machine's name when bound to every interface, or a configured allowed host.
 */
import { isIP } from 'node:net';
import os from 'node:os';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);
const WILDCARDS = new Set(['0.0.0.0', '[::]']);

interface HostPort {
  name: string;
  /** null when the header names no port. */
  port: number | null;
}

/** `Name:7861` → `{name: 'name', port: 7861}`; IPv6 keeps its brackets. Undefined when malformed. */
export function splitHostPort(value: string): HostPort | undefined {
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]\s/@]+)(?::(\d{1,5}))?$/.exec(value.trim());
  if (!match) return undefined;
  const name = (match[1] as string).toLowerCase().replace(/\.$/, '');
  const port = match[2] === undefined ? null : Number(match[2]);
  if (name === '' || (port !== null && port > 65535)) return undefined;
  return { name, port };
}

/** The bound address as a Host name: IPv6 in brackets, lower case. */
function hostName(host: string): string {
  const bare = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return isIP(bare) === 6 ? `[${bare}]` : bare;
}

/** Whether a `--host` value is a loopback address (keys are then optional by default). */
export function isLoopbackHost(host: string): boolean {
  const name = hostName(host);
  if (name === 'localhost' || name === '[::1]') return true;
  const v4 = name.replace(/^\[::ffff:(.*)\]$/, '$1');
  return isIP(v4) === 4 && v4.startsWith('127.');
}

export class HostPolicy {
  readonly #bound: string;
  readonly #allowed: HostPort[];
  readonly #machineNames: Set<string>;
  #port = 0;

  /** `bindHost` as given to listen; `allowedHosts` as `name` or `name:port` (any port when none). */
  constructor(bindHost: string, allowedHosts: readonly string[] = [], machineName: string = os.hostname()) {
    this.#bound = hostName(bindHost);
    this.#allowed = allowedHosts.map(splitHostPort).filter((h): h is HostPort => h !== undefined);
    const machine = machineName.toLowerCase();
    this.#machineNames = new Set(machine ? [machine, `${machine}.local`] : []);
  }

  /** The port the server listens on, once it does. */
  setPort(port: number): void {
    this.#port = port;
  }

  get port(): number {
    return this.#port;
  }

  /** Whether a request with this Host header is for this server. */
  allowsHost(header: string): boolean {
    const host = splitHostPort(header);
    if (!host) return false;
    if (this.#allowed.some((a) => a.name === host.name && (a.port === null || a.port === (host.port ?? 80)))) return true;
    if ((host.port ?? 80) !== this.#port) return false;
    if (LOOPBACK_NAMES.has(host.name) || host.name === this.#bound) return true;
    if (!WILDCARDS.has(this.#bound)) return false;
    return isIP(host.name.replace(/^\[(.*)\]$/, '$1')) !== 0 || this.#machineNames.has(host.name);
  }

  /** Whether a browser `Origin` is a page this server served (its own origin under any of its names). */
  isOwnOrigin(origin: string): boolean {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return false;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    if (url.pathname !== '/' || url.username || url.password) return false;
    const port = url.port || (url.protocol === 'https:' ? '443' : '80');
    return this.allowsHost(`${url.hostname}:${port}`);
  }
}
