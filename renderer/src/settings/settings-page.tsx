/** Settings (lazily loaded): global variables, API keys, knowledge bases and whether keys are required. */
import { AccessSection } from './access-section.js';
import { ApiKeysSection } from './api-keys-section.js';
import { KnowledgeSection } from './knowledge-section.js';
import { VariablesSection } from './variables-section.js';

export default function SettingsPage() {
  return (
    <div className="settings">
      <h1>Settings</h1>
      <VariablesSection />
      <ApiKeysSection />
      <KnowledgeSection />
      <AccessSection />
    </div>
  );
}
