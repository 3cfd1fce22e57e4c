/** What nodes and panels of the open editor share: the store, the specs and the global variable names. */
import { createContext, useContext } from 'react';
import type { EditorState, EditorStore } from './editor-store.js';
import { useEditorState } from './editor-store.js';

export interface EditorContextValue {
  store: EditorStore;
  /** Names of the global variables, for "use a global variable". */
  variableNames: readonly string[];
  refreshVariables(): void;
}

export const EditorContext = createContext<EditorContextValue | null>(null);

export function useEditorContext(): EditorContextValue {
  const value = useContext(EditorContext);
  if (!value) throw new Error('useEditorContext outside an editor');
  return value;
}

export function useEditor<T>(selector: (state: EditorState) => T): T {
  return useEditorState(useEditorContext().store, selector);
}
