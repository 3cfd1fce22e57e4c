/**
 * The outbound half of the composition root: components' HTTP (`ctx.http`) never reaches this
 * server and, while it is exposed (keys required or a non-loopback host), nothing local but what
 * `--allow-outbound` names (services/outbound-policy.ts). The providers' clients only never reach
 * this server: local model servers are their point. `start-server.ts` tells it the address it
 * listens on and closes it at shutdown.
 */
import type { AddressInfo, Socket } from 'node:net';
import { providerFetchIs, setProviderFetch } from './components/models/provider-fetch.js';
import type { HttpAccess } from './engine/capabilities.js';
import { isLoopbackHost } from './http/host-policy.js';
import type { ServerConfig } from './config/server-config.js';
import { createHttpAccess } from './services/http-access.js';
import { connectGuarded, createOutboundDispatchers } from './services/outbound-dispatcher.js';
import { createOutboundPolicy } from './services/outbound-policy.js';

export interface ServerOutbound {
  /** Components' HTTP. */
  http: HttpAccess;
  /** Components' own TCP connections (a vector database), under the same rule as their HTTP. */
  connect(host: string, port: number, timeoutMs: number): Promise<Socket>;
  /** The server listens at `address`: from now on it is the address never reached. */
  listening(address: AddressInfo): void;
  /** Ends outgoing connections and gives the providers' clients plain fetch back. */
  close(): Promise<void>;
}

export function prepareOutbound(config: Pick<ServerConfig, 'host' | 'allowOutbound'>, settings: { apiKeyRequired(): boolean }): ServerOutbound {
  let bound: AddressInfo | undefined;
  const own = { ownPort: () => bound?.port, ownHost: () => bound?.address };
  const exposed = () => settings.apiKeyRequired() || !isLoopbackHost(config.host);
  const componentPolicy = createOutboundPolicy({ ...own, restricted: exposed, allow: config.allowOutbound });
  const components = createOutboundDispatchers(componentPolicy);
  const providers = createOutboundDispatchers(createOutboundPolicy(own));
  const providerFetch: typeof fetch = (input, init) => fetch(input, { ...init, dispatcher: providers.current() } as RequestInit);
  return {
    http: createHttpAccess({ outbound: components }),
    connect: (host, port, timeoutMs) => connectGuarded(componentPolicy, host, port, timeoutMs),
    listening(address) {
      bound = address;
      setProviderFetch(providerFetch);
    },
    async close() {
      if (providerFetchIs(providerFetch)) setProviderFetch(null);
      await Promise.all([components.close(), providers.close()]);
    },
  };
}
