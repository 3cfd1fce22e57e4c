/** Small validators that turn a parsed JSON body into typed values or FastAPI-style 422 issues. */
import { ValidationError, type ValidationIssue } from '../../shared/errors.js';
import { isPlainObject, type JsonObject } from '../../shared/json.js';

export type { JsonObject } from '../../shared/json.js';

/** Collects issues for one body; `done()` throws them all at once. */
export class BodyChecker {
  private readonly issues: ValidationIssue[] = [];
  constructor(private readonly body: JsonObject) {}

  static object(body: unknown, what = 'body'): JsonObject {
    if (body === undefined || body === null) return {};
    if (!isPlainObject(body)) {
      throw new ValidationError([{ type: 'model_attributes_type', loc: ['body'], msg: `Input should be a valid dictionary or object (the ${what})`, input: body }]);
    }
    return body;
  }

  /** A string, or undefined when absent (null counts as absent when `nullable`). */
  string(field: string, options: { nullable?: boolean; maxLength?: number; pattern?: RegExp; patternHint?: string } = {}): string | undefined {
    const value = this.body[field];
    if (value === undefined || (value === null && options.nullable)) return undefined;
    if (typeof value !== 'string') {
      this.fail(field, 'string_type', 'Input should be a valid string', value);
      return undefined;
    }
    if (options.maxLength !== undefined && value.length > options.maxLength) {
      this.fail(field, 'string_too_long', `String should have at most ${options.maxLength} characters`, value.slice(0, 100));
      return undefined;
    }
    if (options.pattern && !options.pattern.test(value)) {
      this.fail(field, 'string_pattern_mismatch', options.patternHint ?? `String should match pattern '${options.pattern.source}'`, value);
      return undefined;
    }
    return value;
  }

  /** A boolean, or undefined when absent (null counts as absent when `nullable`). */
  boolean(field: string, options: { nullable?: boolean } = {}): boolean | undefined {
    const value = this.body[field];
    if (value === undefined || (value === null && options.nullable)) return undefined;
    if (typeof value !== 'boolean') {
      this.fail(field, 'bool_type', 'Input should be a valid boolean', value);
      return undefined;
    }
    return value;
  }

  /** One of the given words, or undefined when absent. */
  oneOf<T extends string>(field: string, allowed: readonly T[], options: { nullable?: boolean } = {}): T | undefined {
    const value = this.body[field];
    if (value === undefined || (value === null && options.nullable)) return undefined;
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      this.fail(field, 'literal_error', `Input should be ${allowed.map((a) => `'${a}'`).join(', ').replace(/, ([^,]*)$/, ' or $1')}`, value);
      return undefined;
    }
    return value as T;
  }

  /** An object, or undefined when absent or null. */
  object(field: string): JsonObject | undefined {
    const value = this.body[field];
    if (value === undefined || value === null) return undefined;
    if (!isPlainObject(value)) {
      this.fail(field, 'dict_type', 'Input should be a valid dictionary', value);
      return undefined;
    }
    return value;
  }

  array(field: string): unknown[] | undefined {
    const value = this.body[field];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) {
      this.fail(field, 'list_type', 'Input should be a valid list', value);
      return undefined;
    }
    return value;
  }

  fail(field: string | (string | number)[], type: string, msg: string, input: unknown): void {
    this.issues.push({ type, loc: ['body', ...(Array.isArray(field) ? field : [field])], msg, input });
  }

  done(): void {
    if (this.issues.length > 0) throw new ValidationError(this.issues);
  }
}
