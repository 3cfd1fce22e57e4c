/** A reason the server cannot start, worded as the one line the CLI prints. */
export type StartupErrorCode = 'port_in_use' | 'data_dir_locked' | 'data_dir_unusable' | 'database_unreachable' | 'queue_unreachable' | 'bad_config';

export class StartupError extends Error {
  readonly code: StartupErrorCode;
  constructor(code: StartupErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StartupError';
    this.code = code;
  }
}
