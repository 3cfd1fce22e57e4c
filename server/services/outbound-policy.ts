/**
 * The outbound rule for components' HTTP: which addresses a connection may go to. Decided on the
 * address actually connected to (after DNS), never on the URL's text.
 *
 * - Never the server's own listening port on any address of this machine (loopback, unspecified,
 *   an interface address), whatever the spelling of the URL.
 * - On an exposed server (keys required, or a non-loopback `--host`), no loopback, private,
 *   link-local (cloud metadata), unique-local or other special-purpose address, unless
 *   `--allow-outbound HOST[:PORT]` names it.
 */
import os from 'node:os';
import ipaddr from 'ipaddr.js';

/** One `--allow-outbound` entry: a host name or IP address (IPv6 without brackets), any port when null. */
export interface OutboundAllowEntry {
  host: string;
  port: number | null;
}

export interface OutboundPolicyOptions {
  /** The port the server listens on, once it listens. */
  ownPort?: () => number | undefined;
  /** The address the server listens on (`0.0.0.0`, `127.0.0.1`, …). */
  ownHost?: () => string | undefined;
  /** True while the server is exposed: then only public addresses, plus the allowed ones. */
  restricted?: () => boolean;
  allow?: readonly OutboundAllowEntry[];
}

/** A connection about to be made (or just made): the URL's host name, the address and port. */
export interface OutboundTarget {
  /** The host as the URL names it (IPv6 without brackets). */
  host: string;
  address: string;
  port: number;
}

export interface OutboundPolicy {
  /** Why this connection is refused, as a sentence naming the host; null when it may go. */
  refusal(target: OutboundTarget): string | null;
  /** True while the exposed-server rule applies. */
  restricted(): boolean;
}

const RANGE_LABELS: Record<string, string> = {
  loopback: 'loopback',
  private: 'private',
  uniqueLocal: 'private (unique local)',
  linkLocal: 'link-local',
  unspecified: 'unspecified',
  carrierGradeNat: 'shared (carrier-grade NAT)',
  multicast: 'multicast',
  broadcast: 'broadcast',
  reserved: 'reserved',
};

/** An address parsed, IPv4-mapped IPv6 (`::ffff:127.0.0.1`) as the IPv4 it is; undefined when not an IP. */
function parseIp(address: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  try {
    return ipaddr.process(bare);
  } catch {
    return undefined;
  }
}

/**
 * The range an IP address falls in, as ipaddr.js names it: `unicast` for an ordinary public
 * address, else `loopback`, `private`, `linkLocal`, `uniqueLocal`, `unspecified`, … An unparsable
 * address is `invalid`.
 */
export function addressRange(address: string): string {
  return parseIp(address)?.range() ?? 'invalid';
}

/** Readable words for a range: "a private address", "the link-local address (cloud metadata)". */
function describeRange(address: string, range: string): string {
  const label = RANGE_LABELS[range] ?? 'special-purpose';
  const metadata = address === '169.254.169.254' || address === 'fd00:ec2::254' ? ' (cloud metadata)' : '';
  return `${/^[aeiou]/.test(label) ? 'an' : 'a'} ${label} address${metadata}`;
}

/** Every address of this machine's interfaces, normalized. */
function localAddresses(): Set<string> {
  const addresses = new Set<string>();
  for (const list of Object.values(os.networkInterfaces())) {
    for (const info of list ?? []) {
      const ip = parseIp(info.address.split('%')[0] ?? '');
      if (ip) addresses.add(ip.toNormalizedString());
    }
  }
  return addresses;
}

function sameIp(a: string, b: string): boolean {
  const left = parseIp(a);
  const right = parseIp(b);
  return left !== undefined && right !== undefined && left.kind() === right.kind() && left.toNormalizedString() === right.toNormalizedString();
}

export function createOutboundPolicy(options: OutboundPolicyOptions = {}): OutboundPolicy {
  const allow = options.allow ?? [];
  const restricted = options.restricted ?? (() => false);

  const isOwn = (address: string, port: number): boolean => {
    if (port !== options.ownPort?.()) return false;
    const ip = parseIp(address);
    if (!ip) return false;
    const range = ip.range();
    if (range === 'loopback' || range === 'unspecified') return true;
    const ownHost = options.ownHost?.();
    if (ownHost && sameIp(ownHost, address)) return true;
    return localAddresses().has(ip.toNormalizedString());
  };

  const allowed = (target: OutboundTarget): boolean =>
    allow.some(
      (entry) =>
        (entry.port === null || entry.port === target.port) &&
        (entry.host === target.host.toLowerCase() || sameIp(entry.host, target.address) || sameIp(entry.host, target.host)),
    );

  return {
    restricted,
    refusal(target) {
      const ip = parseIp(target.address);
      const shown = ip ? ip.toString() : target.address;
      const who = target.host.toLowerCase() === shown.toLowerCase() ? `${hostForUrl(shown)}:${target.port}` : `${hostForUrl(target.host)}:${target.port} (${shown})`;
      if (isOwn(target.address, target.port)) return `${who} is the server's own address`;
      if (!restricted()) return null;
      const range = ip ? ip.range() : 'invalid';
      if (range === 'unicast' || allowed(target)) return null;
      if (range === 'invalid') return `${who} is not an IP address`;
      return `${who} is ${describeRange(shown, range)}; allow it with --allow-outbound ${hostForUrl(target.host)}:${target.port}`;
    },
  };
}

function hostForUrl(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
