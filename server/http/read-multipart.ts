/** Reads one file field from a multipart/form-data upload, with a size cap. */
import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import { BadRequestError, PayloadTooLargeError } from '../../shared/errors.js';

export interface UploadedFile {
  filename: string;
  bytes: Buffer;
}

export function readMultipartFile(req: IncomingMessage, field: string, limit: number): Promise<UploadedFile> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit + 64 * 1024) return Promise.reject(new PayloadTooLargeError(`Upload is larger than the limit of ${limit} bytes`));
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { fileSize: limit, files: 1, fields: 20 } });
    } catch (err) {
      reject(new BadRequestError(`Expected a multipart/form-data upload with a "${field}" file (${(err as Error).message})`));
      return;
    }
    let found: UploadedFile | undefined;
    let failed = false;
    const fail = (err: Error) => {
      if (failed) return;
      failed = true;
      req.unpipe(parser);
      req.resume();
      reject(err);
    };
    parser.on('file', (name, stream, info) => {
      if (name !== field) {
        stream.on('error', () => undefined);
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => fail(new PayloadTooLargeError(`Upload is larger than the limit of ${limit} bytes`)));
      // A truncated form fails the file stream too; unhandled, that 'error' would end the process.
      stream.on('error', (err: Error) => fail(new BadRequestError(`Malformed multipart upload: ${err.message}`)));
      stream.on('end', () => {
        if (!failed) found = { filename: info.filename ?? 'upload', bytes: Buffer.concat(chunks) };
      });
    });
    parser.on('error', (err: Error) => fail(new BadRequestError(`Malformed multipart upload: ${err.message}`)));
    parser.on('close', () => {
      if (failed) return;
      if (!found) reject(new BadRequestError(`Expected a multipart/form-data upload with a "${field}" file`));
      else resolve(found);
    });
    req.pipe(parser);
  });
}

/** An uploaded file's name as shown in messages: its last path part, printable, short. */
export function displayName(filename: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this removes
  const base = filename.split(/[/\\]/).pop()?.replace(/[\u0000-\u001f\u007f]/g, '') ?? '';
  return base.slice(0, 100) || 'upload';
}
