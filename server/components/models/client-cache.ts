/**
 * Keeps provider client objects for reuse across runs (same endpoint, key and timeout), so a run
 * does not pay for building a client, and connections are kept alive between runs.
 */
const MAX_CLIENTS = 16;

export function clientCache<T>(): (key: string, create: () => T) => T {
  const clients = new Map<string, T>();
  return (key, create) => {
    let client = clients.get(key);
    if (client === undefined) {
      client = create();
      if (clients.size >= MAX_CLIENTS) clients.delete(clients.keys().next().value as string);
      clients.set(key, client);
    }
    return client;
  };
}
