/**
 * The fetch the providers' clients (OpenAI, Anthropic, Ollama) send with. Plain fetch until the
 * composition root gives one that never reaches the server's own address (start-server.ts); the
 * exposed-server rule is not applied here, since local model servers are what these talk to.
 */
let current: typeof fetch = (input, init) => fetch(input, init);

export function setProviderFetch(next: typeof fetch | null): void {
  current = next ?? ((input, init) => fetch(input, init));
}

/** True when `candidate` is the fetch in use (a server resets only its own at shutdown). */
export function providerFetchIs(candidate: typeof fetch): boolean {
  return current === candidate;
}

export const providerFetch: typeof fetch = (input, init) => current(input, init);
