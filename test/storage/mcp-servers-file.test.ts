/** `mcp-servers.json`: the MCP servers survive a restart; a damaged file gives way to its mirror, else to no servers, with a warning. */
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { McpServerConfig } from '../../shared/mcp.js';
import { open, tempDir } from './helpers.js';

const SERVERS: Record<string, McpServerConfig> = {
  files: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', '/tmp'], env: { TOKEN: 'MY_CREDENTIAL' } },
  remote: { url: 'http://127.0.0.1:9000/mcp', headers: { Authorization: 'Bearer x' }, type: 'http' },
};

describe('MCP servers file', () => {
  it('keeps the servers across a restart, in Langflow\'s shape, with a mirrored .bak, 0600', async () => {
    const dir = await tempDir();
    const store = await open(dir);
    expect(store.mcpServers.all()).toEqual({});
    await store.mcpServers.set(SERVERS);
    await store.close();
    const file = path.join(dir, 'mcp-servers.json');
    expect(JSON.parse(await fs.readFile(file, 'utf8')).mcpServers).toEqual(SERVERS);
    expect(await fs.readFile(file + '.bak', 'utf8')).toBe(await fs.readFile(file, 'utf8'));
    if (process.platform !== 'win32') expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    const again = await open(dir);
    expect(again.mcpServers.all()).toEqual(SERVERS);
    expect(again.mcpServers.get('remote')).toEqual(SERVERS.remote);
    expect(again.mcpServers.get('toString')).toBeUndefined();
    await again.close();
  });

  it('reads the mirror when the file is damaged, and starts with no servers (saying so) when both are', async () => {
    const dir = await tempDir();
    const store = await open(dir);
    await store.mcpServers.set(SERVERS);
    await store.close();
    const file = path.join(dir, 'mcp-servers.json');
    await fs.writeFile(file, '{"version": 1, "mcpServers": {"x": {"command": 42}}}');
    const recovered = await open(dir);
    expect(recovered.mcpServers.all()).toEqual(SERVERS);
    expect(recovered.warnings.join('\n')).toContain('mcp-servers.json');
    await recovered.close();

    await fs.writeFile(file, 'not json');
    await fs.writeFile(file + '.bak', 'not json either');
    const empty = await open(dir);
    expect(empty.mcpServers.all()).toEqual({});
    expect(empty.warnings.join('\n')).toContain('mcp-servers.json');
    await empty.close();
  });
});
