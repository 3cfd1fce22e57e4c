/** 405 for methods the API does not serve (mapped by the error middleware like any Koa HTTP error). */
export class MethodNotAllowedError extends Error {
  readonly status = 405;
  constructor() {
    super('Method Not Allowed');
    this.name = 'MethodNotAllowedError';
  }
}
