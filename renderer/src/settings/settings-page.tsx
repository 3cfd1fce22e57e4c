/** Settings (lazily loaded): model providers, global variables, API keys, knowledge bases, MCP servers and whether keys are required. */
import { AccessSection } from './access-section.js';
import { ApiKeysSection } from './api-keys-section.js';
import { ModelProvidersSection } from './model-providers-section.js';
import { KnowledgeSection } from './knowledge-section.js';
import { McpServersSection } from './mcp-servers-section.js';
import { VariablesSection } from './variables-section.js';

export default function SettingsPage() {
  return (
    <div className="settings">
      <h1>Settings</h1>
      <ModelProvidersSection />
      <VariablesSection />
      <ApiKeysSection />
      <KnowledgeSection />
      <McpServersSection />
      <AccessSection />
    </div>
  );
}
