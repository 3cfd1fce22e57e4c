/**
 * Typed errors with a stable `code` and no HTTP status. The HTTP layer maps codes to statuses in
 * exactly one place. Nobody branches on an error's message text.
 */

export type ErrorCode =
  | 'not_found'
  | 'validation'
  | 'bad_request'
  | 'conflict'
  | 'invalid_flow'
  | 'tweak_refused'
  | 'component_failed'
  | 'unauthorized'
  | 'forbidden'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'too_many_requests'
  | 'cancelled'
  | 'storage'
  | 'unavailable';

/** FastAPI-style validation detail item, as Langflow returns them with 422. */
export interface ValidationIssue {
  type: string;
  loc: (string | number)[];
  msg: string;
  input?: unknown;
  ctx?: Record<string, unknown>;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  /** Extra fields added to the error body beside `detail` (e.g. `component_id`). */
  readonly extra: Record<string, unknown>;
  /** A `detail` other than the message (e.g. a list of validation issues). */
  readonly detail: string | ValidationIssue[] | Record<string, unknown>;

  constructor(
    code: ErrorCode,
    message: string,
    options: { detail?: ValidationIssue[] | Record<string, unknown>; extra?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.detail = options.detail ?? message;
    this.extra = options.extra ?? {};
  }
}

export class NotFoundError extends AppError {
  constructor(message: string) {
    super('not_found', message);
  }
}

export class ValidationError extends AppError {
  constructor(issues: ValidationIssue[]) {
    super('validation', issues.map((i) => `${i.loc.join('.')}: ${i.msg}`).join('; '), { detail: issues });
  }
}

export class BadRequestError extends AppError {
  constructor(message: string) {
    super('bad_request', message);
  }
}

export class ConflictError extends AppError {
  constructor(message: string) {
    super('conflict', message);
  }
}

/** The flow cannot run as drawn: unknown component, dangling or incompatible edge, cycle. */
export class InvalidFlowError extends AppError {
  readonly nodeIds: string[];
  constructor(message: string, nodeIds: string[] = []) {
    super('invalid_flow', message, { extra: nodeIds.length ? { node_ids: nodeIds } : {} });
    this.nodeIds = nodeIds;
  }
}

/** One tweak a run request may not make: the node (its id) and the field. */
export interface RefusedTweak {
  node: string;
  field: string;
  /** Why, in a sentence (the floor, the flow's declared API fields, or the deployment's policy). */
  reason: string;
}

/**
 * The request's tweaks set fields the tweak policy refuses (Langflow's `TweakRefusedError`): nothing
 * runs. The detail is Langflow's `{error, code: "TWEAKS_REFUSED", message, fields}`, plus which
 * node each refused field belongs to.
 */
export class TweakRefusedError extends AppError {
  readonly refused: readonly RefusedTweak[];
  constructor(refused: readonly RefusedTweak[]) {
    const named = refused.map((r) => `"${r.field}" of node "${r.node}"`).join(', ');
    const reasons = [...new Set(refused.map((r) => r.reason))].join(' ');
    const message = `Refused tweaks: ${named}. ${reasons}`;
    super('tweak_refused', message, {
      detail: {
        error: 'Refused tweaks',
        code: 'TWEAKS_REFUSED',
        message,
        fields: [...new Set(refused.map((r) => r.field))].sort(),
        refused: refused.map((r) => ({ ...r })),
      },
    });
    this.refused = refused;
  }
}

/** A component threw while running. The message is Langflow's: `Error building Component <name>: <cause>`. */
export class ComponentError extends AppError {
  readonly componentId: string;
  readonly displayName: string;
  readonly causeMessage: string;
  constructor(componentId: string, displayName: string, causeMessage: string, cause?: unknown) {
    super('component_failed', `Error building Component ${displayName}: ${causeMessage}`, {
      extra: { component_id: componentId },
      cause,
    });
    this.componentId = componentId;
    this.displayName = displayName;
    this.causeMessage = causeMessage;
  }
}

export class ForbiddenError extends AppError {
  constructor(message: string) {
    super('forbidden', message);
  }
}

export class CancelledError extends AppError {
  constructor(message = 'The run was cancelled') {
    super('cancelled', message);
  }
}

export class StorageError extends AppError {
  constructor(message: string, cause?: unknown) {
    super('storage', message, { cause });
  }
}

/** A service the server needs (the run queue) does not answer right now: try again later. */
export class UnavailableError extends AppError {
  constructor(message: string) {
    super('unavailable', message);
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(message: string) {
    super('payload_too_large', message);
  }
}

export class TooManyRequestsError extends AppError {
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number) {
    super('too_many_requests', message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
