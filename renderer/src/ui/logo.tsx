/** The app's mark: the chain icon in its badge. */
import { Icon } from './icons.js';

export function Logo() {
  return (
    <span className="logo" aria-hidden="true">
      <Icon name="chain" size={16} />
    </span>
  );
}
