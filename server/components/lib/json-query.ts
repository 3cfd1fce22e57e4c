/**
 * Kept by hand: node-jq/jq-web need a jq binary or a WASM blob, and jsonpath libraries speak a different syntax; this ~75-line jq subset is all Parse JSON uses.
 *
 * A small subset of jq for Parse JSON: paths (`.a.b`, `.a[0]`, `.["key"]`, `.[]`, `.a[].b`,
 * negative indexes, `?`) and pipes between them (`.items[] | .name`). Each query yields a list of results.
 */

type Step = { kind: 'key'; key: string } | { kind: 'index'; index: number } | { kind: 'each' };

export function jsonQuery(query: string, input: unknown): unknown[] {
  const stages = query.split('|').map((part) => parsePath(part.trim(), query));
  let values: unknown[] = [input];
  for (const steps of stages) values = values.flatMap((value) => applySteps(steps, value, query));
  return values;
}

function parsePath(path: string, query: string): Step[] {
  if (path === '' || path === '.') return [];
  if (!path.startsWith('.')) throw new Error(`Unsupported query "${query}": paths start with "." (e.g. .items[0].name)`);
  const steps: Step[] = [];
  let i = 0;
  while (i < path.length) {
    const c = path[i];
    if (c === '?') {
      i++;
      continue;
    }
    if (c === '.') {
      i++;
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(path.slice(i));
      if (name) {
        steps.push({ kind: 'key', key: name[0] });
        i += name[0].length;
      } else if (path[i] !== '[' && i < path.length) throw new Error(`Unsupported query "${query}" near "${path.slice(i - 1)}"`);
      continue;
    }
    if (c === '[') {
      const close = path.indexOf(']', i);
      if (close === -1) throw new Error(`Unsupported query "${query}": missing "]"`);
      const inner = path.slice(i + 1, close).trim();
      if (inner === '') steps.push({ kind: 'each' });
      else if (/^-?\d+$/.test(inner)) steps.push({ kind: 'index', index: Number(inner) });
      else if (/^"(?:[^"\\]|\\.)*"$/.test(inner)) steps.push({ kind: 'key', key: JSON.parse(inner) as string });
      else throw new Error(`Unsupported query "${query}": [${inner}] is not an index, "key" or []`);
      i = close + 1;
      continue;
    }
    throw new Error(`Unsupported query "${query}" near "${path.slice(i)}"`);
  }
  return steps;
}

function applySteps(steps: readonly Step[], input: unknown, query: string): unknown[] {
  let values: unknown[] = [input];
  for (const step of steps) {
    values = values.flatMap((value): unknown[] => {
      if (value === null || value === undefined) return [null];
      if (step.kind === 'each') {
        if (Array.isArray(value)) return value;
        if (typeof value === 'object') return Object.values(value);
        throw new Error(`Query "${query}": cannot iterate over ${typeof value}`);
      }
      if (step.kind === 'index') {
        if (!Array.isArray(value)) throw new Error(`Query "${query}": cannot index ${describe(value)} with a number`);
        return [value.at(step.index) ?? null];
      }
      if (typeof value !== 'object' || Array.isArray(value)) throw new Error(`Query "${query}": cannot index ${describe(value)} with "${step.key}"`);
      return [Object.hasOwn(value, step.key) ? (value as Record<string, unknown>)[step.key] : null];
    });
  }
  return values;
}

function describe(value: unknown): string {
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}
