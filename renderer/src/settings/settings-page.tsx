/** Settings (lazily loaded): global variables, API keys and whether keys are required. */
import { AccessSection } from './access-section.js';
import { ApiKeysSection } from './api-keys-section.js';
import { VariablesSection } from './variables-section.js';

export default function SettingsPage() {
  return (
    <div className="settings">
      <h1>Settings</h1>
      <VariablesSection />
      <ApiKeysSection />
      <AccessSection />
    </div>
  );
}
