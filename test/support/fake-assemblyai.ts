/**
 * A local AssemblyAI for the AssemblyAI components: the key in the `Authorization` header (no
 * scheme), `POST /v2/upload` (the audio's bytes, answered with an upload URL), `POST /v2/transcript`
 * (a job, queued) and `GET /v2/transcript/{id}` (processing for a few polls, then completed with the
 * text, words and utterances, or failed with an `error`). AssemblyAI's error shape (`{error}`).
 * Records every request and every uploaded file.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface FakeTranscription {
  text: string;
  /** Speaker turns, as AssemblyAI gives them with speaker labels. */
  utterances?: { speaker: string; text: string; start: number; end: number }[];
  /** Fail the job with this error instead. */
  error?: string;
}

export interface FakeAssemblyAIOptions {
  /** The key the fake accepts (default 'aai-test-key'). */
  apiKey?: string;
  /** What the audio says: from the uploaded bytes (as text) or the audio URL. */
  transcribe?(audio: { url: string; uploaded?: Uint8Array }): FakeTranscription;
  /** Polls answered `processing` before the job ends (default 1). */
  pollsBeforeDone?: number;
  /** Answer every request with this status (AssemblyAI's error shape) instead, e.g. 429. */
  status?: number;
  delayMs?: number;
}

export interface FakeAssemblyAIRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  contentType: string | undefined;
  /** The JSON body, parsed (uploads: undefined). */
  json: Record<string, unknown> | undefined;
}

export interface FakeAssemblyAI {
  readonly url: string;
  readonly apiKey: string;
  readonly requests: FakeAssemblyAIRequest[];
  /** Uploaded files' bytes, in order. */
  readonly uploads: Uint8Array[];
  close(): Promise<void>;
}

interface Job {
  request: Record<string, unknown>;
  pollsLeft: number;
  result: FakeTranscription;
}

export async function startFakeAssemblyAI(options: FakeAssemblyAIOptions = {}): Promise<FakeAssemblyAI> {
  const apiKey = options.apiKey ?? 'aai-test-key';
  const requests: FakeAssemblyAIRequest[] = [];
  const uploads: Uint8Array[] = [];
  const jobs = new Map<string, Job>();
  const transcribe = options.transcribe ?? ((audio) => ({ text: audio.uploaded ? new TextDecoder().decode(audio.uploaded) : `Audio at ${audio.url}` }));
  let base = '';
  let counter = 0;

  const send = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const part of req) chunks.push(part as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const isUpload = url.pathname === '/v2/upload';
    let json: Record<string, unknown> | undefined;
    if (!isUpload && raw.length > 0) {
      try {
        json = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
      } catch {
        return send(res, 400, { error: 'Invalid JSON' });
      }
    }
    requests.push({ method: req.method ?? 'GET', path: url.pathname, authorization: req.headers.authorization, contentType: req.headers['content-type'], json });
    if (options.delayMs) await sleep(options.delayMs);
    if (options.status) return send(res, options.status, { error: options.status === 429 ? 'Too many requests' : `Forced status ${options.status}` });
    if (req.headers.authorization !== apiKey) return send(res, 401, { error: 'Authentication error, API token missing/invalid' });

    if (req.method === 'POST' && isUpload) {
      if (raw.length === 0) return send(res, 422, { error: 'Upload is empty' });
      uploads.push(new Uint8Array(raw));
      return send(res, 200, { upload_url: `${base}/upload/${uploads.length - 1}` });
    }
    if (req.method === 'POST' && url.pathname === '/v2/transcript') {
      const audioUrl = json?.audio_url;
      if (typeof audioUrl !== 'string' || !audioUrl) return send(res, 400, { error: 'audio_url is required' });
      const uploadIndex = audioUrl.startsWith(`${base}/upload/`) ? Number(audioUrl.slice(`${base}/upload/`.length)) : undefined;
      const uploaded = uploadIndex === undefined ? undefined : uploads[uploadIndex];
      counter++;
      const id = `5551722-f677-48a4-a${String(counter).padStart(3, '0')}`;
      jobs.set(id, { request: json ?? {}, pollsLeft: options.pollsBeforeDone ?? 1, result: transcribe({ url: audioUrl, uploaded }) });
      return send(res, 200, { id, status: 'queued', ...json, text: null, words: null, utterances: null, error: null });
    }
    const match = /^\/v2\/transcript\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && match) {
      const job = jobs.get(decodeURIComponent(match[1] ?? ''));
      if (!job) return send(res, 404, { error: 'Transcript not found' });
      const id = decodeURIComponent(match[1] ?? '');
      if (job.pollsLeft > 0) {
        job.pollsLeft--;
        return send(res, 200, { id, status: 'processing', ...job.request, text: null, words: null, utterances: null, error: null });
      }
      if (job.result.error) return send(res, 200, { id, status: 'error', ...job.request, text: null, error: job.result.error });
      const words = job.result.text.split(/\s+/).filter(Boolean).map((text, i) => ({ text, start: i * 500, end: i * 500 + 400, confidence: 0.98, speaker: job.request.speaker_labels ? 'A' : null }));
      const utterances = job.request.speaker_labels ? (job.result.utterances ?? [{ speaker: 'A', text: job.result.text, start: 0, end: words.length * 500 }]) : null;
      return send(res, 200, {
        id,
        ...job.request,
        language_model: 'assemblyai_default',
        acoustic_model: 'assemblyai_default',
        status: 'completed',
        text: job.result.text,
        words,
        utterances,
        confidence: 0.98,
        audio_duration: Math.ceil(words.length / 2),
        error: null,
      });
    }
    return send(res, 404, { error: 'Not found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    apiKey,
    requests,
    uploads,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
