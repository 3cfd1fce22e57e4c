/** An icon per component icon name (Langflow uses lucide names); a generic box otherwise. */
import { Icon } from '../ui/icons.js';

const ICONS: Record<string, string> = {
  messagessquare: 'chat',
  type: 'text',
  braces: 'braces',
  openai: 'sparkle',
  webhook: 'anchor',
  note: 'note',
};

export function ComponentIcon({ icon }: { icon: string | undefined; name?: string }) {
  return (
    <span className="component-icon" aria-hidden="true">
      <Icon name={ICONS[(icon ?? '').toLowerCase()] ?? 'box'} size={13} />
    </span>
  );
}
