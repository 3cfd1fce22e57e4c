/** A secret (an API key) that never shows in JSON, logs or string conversions. */

const MASK = '********';
/** Node's `util.inspect.custom`, by its registered name. */
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The plain value, for the one call that needs it (e.g. a provider client). */
  reveal(): string {
    return this.#value;
  }

  toJSON(): string {
    return MASK;
  }

  toString(): string {
    return MASK;
  }

  [INSPECT](): string {
    return `Secret(${MASK})`;
  }
}
