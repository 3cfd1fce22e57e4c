/** Flows for the security tests; their raw HTTP helper is `raw` in test/support/http.ts. */

/** A minimal flow that stores its messages: Chat Input → Chat Output. */
export function chatFlow(name: string): Record<string, unknown> {
  return {
    name,
    data: {
      nodes: [
        { id: 'ChatInput-aaaaa', type: 'component', position: { x: 0, y: 0 }, data: { type: 'ChatInput', values: {} } },
        { id: 'ChatOutput-bbbbb', type: 'component', position: { x: 300, y: 0 }, data: { type: 'ChatOutput', values: {} } },
      ],
      edges: [{ id: 'e1', source: 'ChatInput-aaaaa', sourceHandle: 'message', target: 'ChatOutput-bbbbb', targetHandle: 'input_value' }],
      viewport: { x: 0, y: 0, zoom: 1 },
    },
  };
}

