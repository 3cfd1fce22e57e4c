import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../server/logger.js';
import { openStore } from '../../server/storage/open-store.js';
import { appendHistory, historyLines, MESSAGE_LOG } from '../../bench/message-history.js';
import { makeTempDir } from '../support/temp-dir.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => fs.rm(d, { recursive: true, force: true })));
});

const FLOW_A = '11111111-1111-4111-8111-111111111111';
const FLOW_B = '22222222-2222-4222-8222-222222222222';

describe('the message history the bench writes directly', () => {
  it('is read back by Flowdesk’s own message store, message for message', async () => {
    const dir = await makeTempDir('flowdesk-bench-test-');
    dirs.push(dir);
    const bytes = await appendHistory(dir, { messages: 1000, flowIds: [FLOW_A, FLOW_B], flowIdSessions: [FLOW_A] });
    expect((await fs.stat(path.join(dir, MESSAGE_LOG))).size).toBe(bytes);

    const store = await openStore(dir, { logger: silentLogger });
    try {
      expect(store.messages.count()).toBe(1000);
      const a = await store.messages.list({ flowId: FLOW_A });
      expect(a).toHaveLength(500);
      // Runs on a flow listed in flowIdSessions share the flow-id session, like API calls without session_id.
      expect(new Set(a.map((m) => m.session_id))).toEqual(new Set([FLOW_A]));
      expect(a.filter((m) => m.sender === 'User')).toHaveLength(250);
      const b = await store.messages.list({ flowId: FLOW_B });
      expect(new Set(b.map((m) => m.session_id)).size).toBeGreaterThan(1);
      expect(b[0]?.timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    } finally {
      await store.close();
    }
  });

  it('writes exactly the number of messages asked for, one JSON object per line', () => {
    const lines = [...historyLines({ messages: 7, flowIds: [FLOW_A] })];
    expect(lines).toHaveLength(7);
    for (const line of lines) {
      expect(line.endsWith('\n')).toBe(true);
      const m = JSON.parse(line) as Record<string, unknown>;
      expect(Object.keys(m)).toEqual(['id', 'text', 'sender', 'sender_name', 'session_id', 'flow_id', 'timestamp', 'files', 'error', 'properties', 'component_id']);
    }
  });
});
