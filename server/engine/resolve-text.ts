/** Turns whatever reached a text input (string, Message, TextStream, Data, lists of them) into text. */
import { dataText, isData } from '../../shared/data.js';
import { isMessage } from '../../shared/message.js';
import { TextStream } from './text-stream.js';

/** The text of a value; waits for a TextStream to end (and rejects if it fails). Lists join with newlines. */
export async function resolveText(value: unknown): Promise<string> {
  if (value instanceof TextStream) return value.text();
  if (Array.isArray(value)) {
    const parts = await Promise.all(value.map((item) => resolveText(item)));
    return parts.join('\n');
  }
  return plainText(value);
}

/** Whether a value's text is there already (no TextStream in it): `plainText` gives it without waiting. */
export function isComplete(value: unknown): boolean {
  if (value instanceof TextStream) return false;
  return !Array.isArray(value) || value.every(isComplete);
}

/** The text of a value that is already complete (a TextStream gives what it has so far). */
export function plainText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (value instanceof TextStream) return value.textSoFar;
  if (isMessage(value)) return value.text;
  if (isData(value)) return dataText(value);
  if (Array.isArray(value)) return value.map(plainText).join('\n');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
