/**
 * Kept by hand: it must cut exactly like LangChain's Python splitters that Langflow uses; @langchain/textsplitters would pull in @langchain/core for a few dozen lines.
 *
 * Cutting text into chunks of at most `size` characters that overlap by about `overlap`: pieces
 * are split on a separator and merged back greedily (the way LangChain's splitters do, which
 * Langflow's Split Text uses), and the recursive splitter retries too-long pieces with finer separators.
 */

export interface SplitOptions {
  size: number;
  overlap: number;
}

export const RECURSIVE_SEPARATORS = ['\n\n', '\n', ' ', ''];

/** Splits on one separator, then merges. `keep`: where the separator stays (false drops it). */
export function splitByCharacter(text: string, separator: string, options: SplitOptions, keep: false | 'start' | 'end' = false): string[] {
  const pieces = splitKeeping(text, separator, keep);
  return mergePieces(pieces, keep ? '' : separator, options);
}

export function splitRecursive(text: string, options: SplitOptions, separators: readonly string[] = RECURSIVE_SEPARATORS): string[] {
  const index = separators.findIndex((s) => s === '' || text.includes(s));
  const separator = index === -1 ? '' : (separators[index] as string);
  const finer = index === -1 ? [] : separators.slice(index + 1);
  const pieces = splitKeeping(text, separator, 'start');
  const chunks: string[] = [];
  let fitting: string[] = [];
  for (const piece of pieces) {
    if (piece.length < options.size) {
      fitting.push(piece);
      continue;
    }
    if (fitting.length > 0) {
      chunks.push(...mergePieces(fitting, '', options));
      fitting = [];
    }
    if (finer.length === 0) chunks.push(piece);
    else chunks.push(...splitRecursive(piece, options, finer));
  }
  if (fitting.length > 0) chunks.push(...mergePieces(fitting, '', options));
  return chunks;
}

function splitKeeping(text: string, separator: string, keep: false | 'start' | 'end'): string[] {
  if (separator === '') return [...text];
  const parts = text.split(separator);
  if (!keep) return parts.filter((p) => p !== '');
  const kept =
    keep === 'start'
      ? parts.map((part, i) => (i === 0 ? part : separator + part))
      : parts.map((part, i) => (i === parts.length - 1 ? part : part + separator));
  return kept.filter((p) => p !== '');
}

/** Greedy merge: add pieces while they fit; on overflow, emit and drop from the front down to the overlap. */
function mergePieces(pieces: readonly string[], separator: string, { size, overlap }: SplitOptions): string[] {
  const chunks: string[] = [];
  const current: string[] = [];
  let total = 0;
  const sep = separator.length;
  const emit = () => {
    const chunk = current.join(separator).trim();
    if (chunk !== '') chunks.push(chunk);
  };
  for (const piece of pieces) {
    const added = piece.length + (current.length > 0 ? sep : 0);
    if (total + added > size && current.length > 0) {
      emit();
      while (total > overlap || (total + piece.length + (current.length > 0 ? sep : 0) > size && total > 0)) {
        const first = current.shift() as string;
        total -= first.length + (current.length > 0 ? sep : 0);
        if (current.length === 0) {
          total = 0;
          break;
        }
      }
    }
    total += piece.length + (current.length > 0 ? sep : 0);
    current.push(piece);
  }
  emit();
  return chunks;
}
