/** Reads the body of `POST /api/v1/run/{flow}` the way FastAPI/pydantic would (422 issues). */
import { INPUT_TYPES, OUTPUT_TYPES, type InputType, type OutputType, type RunRequest } from '../../shared/api.js';
import { ValidationError, type ValidationIssue } from '../../shared/errors.js';

/** Every field is optional and unknown fields are ignored; an empty body or no body gives the defaults. */
export function parseRunRequest(body: unknown): RunRequest {
  const request: RunRequest = {
    input_value: null,
    input_type: 'chat',
    output_type: 'chat',
    output_component: '',
    tweaks: null,
    session_id: null,
  };
  if (body === undefined || body === null || body === '') return request;
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new ValidationError([
      { type: 'model_attributes_type', loc: ['body'], msg: 'Input should be a valid dictionary or object to extract fields from', input: body },
    ]);
  }
  const fields = body as Record<string, unknown>;
  const issues: ValidationIssue[] = [];
  const text = (name: 'input_value' | 'output_component' | 'session_id'): string | undefined => {
    const value = fields[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    issues.push({ type: 'string_type', loc: ['body', name], msg: 'Input should be a valid string', input: value });
    return undefined;
  };
  const choice = <T extends string>(name: 'input_type' | 'output_type', allowed: readonly T[]): T | undefined => {
    const value = fields[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    issues.push({ type: 'literal_error', loc: ['body', name], msg: `Input should be ${quotedList(allowed)}`, input: value });
    return undefined;
  };

  request.input_value = text('input_value') ?? null;
  request.output_component = text('output_component') ?? '';
  request.session_id = text('session_id') ?? null;
  request.input_type = choice<InputType>('input_type', INPUT_TYPES) ?? 'chat';
  request.output_type = choice<OutputType>('output_type', OUTPUT_TYPES) ?? 'chat';
  const tweaks = fields.tweaks;
  if (typeof tweaks === 'object' && tweaks !== null && !Array.isArray(tweaks)) request.tweaks = tweaks as Record<string, unknown>;
  else if (tweaks !== undefined && tweaks !== null) {
    issues.push({ type: 'dict_type', loc: ['body', 'tweaks'], msg: 'Input should be a valid dictionary', input: tweaks });
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return request;
}

/** `'a', 'b' or 'c'`, as pydantic words a literal error. */
function quotedList(values: readonly string[]): string {
  const quoted = values.map((v) => `'${v}'`);
  return quoted.length === 1 ? (quoted[0] as string) : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}
