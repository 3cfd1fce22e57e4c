/**
 * Reads a request body with a size cap, without buffering more than the cap: a declared length
 * over it is refused before reading, and a stream that grows past it is cut off.
 */
import type { IncomingMessage } from 'node:http';
import { BadRequestError, PayloadTooLargeError, ValidationError } from '../../shared/errors.js';

const decoder = new TextDecoder('utf-8', { fatal: true });

export function readRawBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) return Promise.reject(tooLarge(limit));
  if (declared === '0' || req.readableEnded) return Promise.resolve(Buffer.alloc(0));
  // Plain stream events: cheaper on the hot path than an async iterator per request.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        req.resume();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    const onClose = () => {
      if (req.readableEnded) return;
      cleanup();
      reject(new BadRequestError('The client closed the connection before sending the whole body'));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw new ValidationError([{ type: 'json_invalid', loc: ['body'], msg: 'The body is not valid UTF-8', input: null }]);
  }
}

/** Parses a JSON body; an empty body is `undefined`. Malformed JSON is a 422 like FastAPI's. */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const bytes = await readRawBody(req, limit);
  if (bytes.length === 0) return undefined;
  const text = decodeUtf8(bytes);
  if (text.trim() === '') return undefined;
  return parseJsonText(text, ['body'], 'JSON decode error: ');
}

/**
 * Deepest nesting of arrays and objects a JSON body may have. Flows (Langflow exports included) stay
 * far below it; walkers of deeper documents would overflow the stack.
 */
export const MAX_JSON_DEPTH = 128;

/** JSON.parse with a nesting limit; problems are 422 issues at `loc`. */
export function parseJsonText(text: string, loc: (string | number)[], prefix: string): unknown {
  if (jsonDepth(text) > MAX_JSON_DEPTH) {
    throw new ValidationError([{ type: 'json_invalid', loc, msg: `${prefix}JSON nested deeper than ${MAX_JSON_DEPTH} levels`, input: null }]);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    const reason = err instanceof Error ? err.message : 'invalid JSON';
    throw new ValidationError([{ type: 'json_invalid', loc, msg: `${prefix}${reason.slice(0, 300)}`, input: null }]);
  }
}

/** The deepest nesting of `[` and `{` outside strings, found without parsing (or recursing). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > max) max = depth;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}

function tooLarge(limit: number): PayloadTooLargeError {
  return new PayloadTooLargeError(`Request body is larger than the limit of ${limit} bytes`);
}
