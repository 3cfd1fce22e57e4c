/** Editor keys: undo/redo (Ctrl/Cmd+Z, Ctrl/Cmd+Shift+Z, Ctrl+Y), copy, paste, duplicate. Text fields keep their own. */
import { useEffect } from 'react';
import type { ToastTone } from '../ui/toasts.js';
import type { EditorStore } from './editor-store.js';

export function isEditableTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT';
}

export function useEditorShortcuts(store: EditorStore, notify: (text: string, tone?: ToastTone) => void): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      if (isEditableTarget(event.target) || document.querySelector('dialog[open]')) return;
      const key = event.key.toLowerCase();
      if (key === 'z' && !event.shiftKey) store.undo();
      else if ((key === 'z' && event.shiftKey) || key === 'y') store.redo();
      else if (key === 'c') {
        if (window.getSelection()?.toString()) return;
        const count = store.copySelection();
        if (count > 0) notify(`Copied ${count} node${count === 1 ? '' : 's'}`);
        else return;
      } else if (key === 'v') {
        if (store.paste() === 0) return;
      } else if (key === 'd') {
        if (store.duplicateSelection() === 0) return;
      } else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store, notify]);
}
