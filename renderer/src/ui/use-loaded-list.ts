/** A list loaded from the server, with the error of its last load and a way to load it again. */
import { useCallback, useEffect, useState } from 'react';
import { errorText } from '../api/http.js';

export function useLoadedList<T>(load: () => Promise<T[]>): { items: T[] | null; error: string | null; reload: () => Promise<void> } {
  const [items, setItems] = useState<T[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(async () => {
    try {
      setItems(await load());
      setError(null);
    } catch (err) {
      setError(errorText(err));
    }
  }, [load]);
  useEffect(() => void reload(), [reload]);
  return { items, error, reload };
}
