import { describe, expect, it } from 'vitest';
import { fieldsFor, searchCatalog, typeColor } from '../../renderer/src/editor/specs.js';
import { catalog, specs } from './support.js';

describe('component specs', () => {
  it('gives a Prompt one Message input per {variable} of its template', () => {
    const prompt = specs.get('Prompt')!;
    const fields = fieldsFor(prompt, { template: 'Hi {name}, about {topic} and {name} again; {{literal}}' });
    expect(fields.map((f) => f.name)).toEqual(['template', 'name', 'topic']);
    expect(fields[1]).toMatchObject({ kind: 'multiline', input_types: ['Message'], dynamic: true });
    expect(fieldsFor(prompt, { template: 'no variables' }).map((f) => f.name)).toEqual(['template']);
  });

  it('finds components by name, type or description, grouped by category', () => {
    expect(searchCatalog(catalog, 'chat').flatMap(([, s]) => s.map((x) => x.type))).toEqual(['ChatInput', 'ChatOutput']);
    expect(searchCatalog(catalog, 'openai llm').map(([category]) => category)).toEqual(['Models']);
    expect(searchCatalog(catalog, 'nothing like this')).toEqual([]);
  });

  it('colours a port by its type, preferring Message in a list', () => {
    expect(typeColor(['Data', 'DataFrame', 'Message'])).toBe(typeColor(['Message']));
    expect(typeColor(['LanguageModel'])).not.toBe(typeColor(['Message']));
    expect(typeColor(['SomethingNew'])).toBe(typeColor(['SomethingNew']));
  });
});
