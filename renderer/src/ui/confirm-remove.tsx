/**
 * A settings row's Delete (or Revoke): asks first, then removes the item and reloads the list, or
 * says in a toast why it could not. Nothing is shown while no item is picked.
 */
import { errorText } from '../api/http.js';
import { ConfirmDialog } from './dialog.js';
import { useToast } from './toasts.js';

export interface ConfirmRemoveProps<T> {
  /** The item the user picked, or null. */
  item: T | null;
  title: string;
  message(item: T): string;
  /** The button's word, `Delete` unless given. */
  verb?: string;
  remove(item: T): Promise<unknown>;
  /** Called when the dialog closes (cancelled or confirmed): clear the picked item. */
  onClose(): void;
  /** Called after a successful removal (reload the list). */
  onRemoved(): unknown;
}

export function ConfirmRemove<T>({ item, title, message, verb = 'Delete', remove, onClose, onRemoved }: ConfirmRemoveProps<T>) {
  const notify = useToast();
  if (item === null) return null;
  return (
    <ConfirmDialog
      title={title}
      message={message(item)}
      confirmLabel={verb}
      danger
      onCancel={onClose}
      onConfirm={() => {
        onClose();
        remove(item).then(onRemoved, (err: unknown) => notify(`Could not ${verb.toLowerCase()}: ${errorText(err)}`, 'error'));
      }}
    />
  );
}
