/**
 * Side effects the run context offers components beyond messages and variables: outgoing HTTP,
 * uploaded files and other saved flows. The engine only declares them; the services implement them,
 * and a run without an implementation gets one that fails with a clear message.
 */
import type { RunSignal } from './cancellation.js';

export interface HttpRequestInit extends RequestInit {
  /** Milliseconds before the request is abandoned; default: the implementation's (30 s). */
  timeoutMs?: number;
}

/** `fetch`, bounded by a timeout and aborted with the run. */
export type HttpAccess = (url: string | URL, init?: HttpRequestInit) => Promise<Response>;

export interface StoredFile {
  /** The path the file was asked by (as the upload answered it). */
  path: string;
  /** The file's original name, e.g. `report.pdf`. */
  name: string;
  bytes: Uint8Array;
}

/** How a save treats a file that is already there: refuse, replace it, or add to it. */
export type SaveMode = 'create' | 'overwrite' | 'append';

export interface SaveFileRequest {
  /** Where, inside the saved-files folder: a relative path with its extension (`reports/news.csv`). */
  name: string;
  mode: SaveMode;
  /** The file's new content, given (in 'append' mode) its current bytes, undefined when there is no file yet. */
  content(existing: Uint8Array | undefined): Promise<string | Uint8Array>;
}

export interface SavedFileInfo {
  /** The path inside the saved-files folder. */
  relative: string;
  /** The file's absolute path on this machine. */
  absolute: string;
  /** Whether an existing file was added to (append mode). */
  appended: boolean;
}

export interface FileAccess {
  /** Reads an uploaded file; rejects naming the path when there is no such file. */
  read(path: string): Promise<StoredFile>;
  /**
   * Writes a file into the saved-files folder, atomically (a reader sees the old content or the
   * new, never a part). Rejects a name that would leave the folder (absolute, `..`, `~`, through a
   * symbolic link) and, in 'create' mode, a file that is already there.
   */
  save(request: SaveFileRequest): Promise<SavedFileInfo>;
}

/** A save in 'create' mode found a file of that name already there. */
export class SavedFileExistsError extends Error {
  readonly code = 'file_exists';
  /** The path inside the saved-files folder. */
  readonly relative: string;
  constructor(message: string, relative: string) {
    super(message);
    this.name = 'SavedFileExistsError';
    this.relative = relative;
  }
}

export interface SubflowRequest {
  /** Flow id, endpoint name or name. */
  flow: string;
  /** Given to the flow's input components, like `input_value` of `/api/v1/run`. */
  inputValue?: string | null;
  /** Default: the calling run's session. */
  sessionId?: string;
  /** Like the tweaks of `/api/v1/run`. */
  tweaks?: Record<string, unknown>;
}

export interface SubflowOutput {
  componentId: string;
  displayName: string;
  /** The main output's text. */
  text: string;
  /** The component's outputs, by output name. */
  values: Record<string, unknown>;
}

export interface SubflowResult {
  flowId: string;
  flowName: string;
  description: string;
  /** The flow's output components (chat outputs first), as `/api/v1/run` reports them. */
  outputs: SubflowOutput[];
  /** The text of the first output component, '' when there is none. */
  text: string;
}

export type FlowRunner = (request: SubflowRequest) => Promise<SubflowResult>;

/** What a host gives a run to run other flows: the engine adds the run's signal. */
export type FlowRunnerService = (request: SubflowRequest, signal: RunSignal) => Promise<SubflowResult>;

/**
 * Outgoing HTTP refused by the server's outbound rule (its own address, a private address on an
 * exposed server, a scheme other than http/https). Components let it fail the run rather than
 * answering it as data.
 */
export class OutboundRefusedError extends Error {
  readonly code = 'outbound_refused';
  /** Why, naming the host: "127.0.0.1:7861 is the server's own address". */
  readonly reason: string;
  constructor(reason: string, url?: string) {
    super(url === undefined ? `Refused to connect: ${reason}` : `Refused to fetch ${url}: ${reason}`);
    this.name = 'OutboundRefusedError';
    this.reason = reason;
  }
}

/** The refusal somewhere in `error`'s cause chain (fetch wraps what its connection reported). */
export function outboundRefusal(error: unknown): OutboundRefusedError | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 10; current = current.cause, depth++) {
    if (current instanceof OutboundRefusedError) return current;
  }
  return undefined;
}

export const UNAVAILABLE_HTTP: HttpAccess = () => Promise.reject(new Error('Outgoing HTTP is not available in this run'));
export const UNAVAILABLE_FILES: FileAccess = {
  read: (path) => Promise.reject(new Error(`Uploaded files are not available in this run (asked for ${path})`)),
  save: (request) => Promise.reject(new Error(`Saving files is not available in this run (asked for ${request.name})`)),
};
export const UNAVAILABLE_FLOWS: FlowRunnerService = (request) => Promise.reject(new Error(`Running other flows is not available in this run (asked for ${request.flow})`));

/** HTTP bound to a run: its requests are aborted with the run, besides their own signal. */
export function boundHttp(http: HttpAccess, runSignal: AbortSignal): HttpAccess {
  return (url, init = {}) => http(url, { ...init, signal: init.signal ? AbortSignal.any([init.signal, runSignal]) : runSignal });
}
