/**
 * The server's side of the run queue (`--queue-url`): a RunLifecycle that prepares runs here (so
 * 404/422/400 keep their statuses), admits them against the whole cluster (the concurrency limit,
 * 429), puts them on the BullMQ queue, relays the worker's replies to the caller in order, cancels
 * the job when the caller goes away, and answers within the run timeout whatever the workers do.
 * Loaded only with `--queue-url` (start-server.ts imports it lazily).
 */
import { randomUUID } from 'node:crypto';
import { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import type { RunResponse } from '../../shared/api.js';
import { AppError, CancelledError, TooManyRequestsError, UnavailableError } from '../../shared/errors.js';
import type { ServerConfig } from '../config/server-config.js';
import type { Logger } from '../logger.js';
import { ScopedRun, type RunLifecycle } from '../services/run-lifecycle.js';
import type { ExecuteListeners, PreparedRun, RunService } from '../services/run-service-types.js';
import type { RunTracker} from '../services/run-tracker.js';
import { RETRY_AFTER_SECONDS, type RunScope } from '../services/run-tracker.js';
import { QUEUE_NAME, errorFromData, keys, queuePrefix, type Reply, type RunJob } from './protocol.js';
import { connectRedis, describeQueue } from './redis.js';

export interface StartedQueue {
  lifecycle: RunLifecycle;
  /** `ok` while Redis answers. */
  state(): 'ok' | 'unreachable';
  /** host:port of the queue (no password). */
  where: string;
  close(): Promise<void>;
}

/**
 * Admits one run into the cluster's set of runs in flight (a sorted set scored by lease end, so a
 * run whose server died stops counting when its lease ends): 1 when admitted, 0 when full.
 */
const ADMIT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[2])
return 1
`;

/** How long the reply stream of a server that vanished is kept. */
const REPLY_TTL_SECONDS = 3_600;

interface Pending {
  listeners: ExecuteListeners;
  resolve(result: RunResponse): void;
  reject(err: unknown): void;
}

export async function startQueue(config: ServerConfig, deps: { runs: RunService; tracker: RunTracker; logger: Logger }): Promise<StartedQueue> {
  const url = config.queueUrl as string;
  const { runs, tracker, logger } = deps;
  const prefix = queuePrefix(config.env);
  const replyKey = keys.reply(prefix, randomUUID());
  const cmd = await connectRedis(url, { name: 'flowdesk-server' });
  let reader: Redis | undefined;
  let queue: Queue | undefined;
  let events: QueueEvents | undefined;
  const pending = new Map<string, Pending>();
  let closed = false;
  let state: 'ok' | 'unreachable' = 'ok';
  const openReplies = () => cmd.multi().xadd(replyKey, '*', 'hello', '1').expire(replyKey, REPLY_TTL_SECONDS).exec();

  try {
    reader = await connectRedis(url, { blocking: true, name: 'flowdesk-server-replies' });
    await openReplies();
    queue = new Queue(QUEUE_NAME, { connection: cmd, prefix });
    events = new QueueEvents(QUEUE_NAME, { connection: await connectRedis(url, { blocking: true, name: 'flowdesk-server-events' }), prefix });
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
  } catch (err) {
    await Promise.allSettled([events?.close(), queue?.close()]);
    reader?.disconnect();
    cmd.disconnect();
    throw err;
  }
  const replies = reader;
  const jobs = queue;

  const setState = () => {
    const now = cmd.status === 'ready' && replies.status === 'ready' ? 'ok' : 'unreachable';
    if (now === state || closed) return;
    state = now;
    if (now === 'ok') {
      logger.info('The queue answers again');
      // Redis may have come back empty: the reply stream must exist for workers to write to it.
      openReplies().catch(() => undefined);
    } else logger.warn(`The queue does not answer (${describeQueue(url)})`);
  };
  for (const client of [cmd, replies]) {
    client.on('ready', setState);
    client.on('close', setState);
    client.on('end', setState);
  }
  const refresh = setInterval(() => void cmd.expire(replyKey, REPLY_TTL_SECONDS).catch(() => undefined), 60_000);
  refresh.unref();

  // A job BullMQ gave up on (its worker died twice, or Redis lost it): tell the caller now.
  events.on('failed', ({ jobId, failedReason }) => {
    pending.get(jobId)?.reject(new AppError('component_failed', `The run was lost: the worker running it stopped (${failedReason})`));
  });

  const dispatch = (jobId: string, text: string) => {
    const waiting = pending.get(jobId);
    if (!waiting) return;
    const reply = JSON.parse(text) as Reply;
    if (reply.t === 'stream') waiting.listeners.onStreamEvent?.(reply.event);
    else if (reply.t === 'run') waiting.listeners.onRunEvent?.(reply.event);
    else if (reply.t === 'end') waiting.resolve(reply.result);
    else waiting.reject(errorFromData(reply.error));
  };

  const readLoop = async () => {
    let lastId = '0';
    while (!closed) {
      try {
        const result = (await replies.call('XREAD', 'COUNT', '1000', 'BLOCK', '1000', 'STREAMS', replyKey, lastId)) as [string, [string, string[]][]][] | null;
        if (!result) continue;
        for (const [, entries] of result) {
          for (const [id, fields] of entries) {
            lastId = id;
            const job = fields[fields.indexOf('j') + 1];
            const text = fields[fields.indexOf('e') + 1];
            if (fields[0] === 'j' && job !== undefined && text !== undefined) dispatch(job, text);
          }
        }
        // What is read is done with: the stream keeps only what may still be unread.
        cmd.xtrim(replyKey, 'MINID', lastId).catch(() => undefined);
      } catch (err) {
        if (closed) break;
        logger.debug(`reading run replies: ${(err as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  };
  const reading = readLoop();

  const cancel = (jobId: string) => {
    cmd.publish(keys.cancel(prefix), jobId).catch(() => undefined);
    jobs.remove(jobId).catch(() => undefined);
  };
  const release = (jobId: string) => void cmd.zrem(keys.running(prefix), jobId).catch(() => undefined);
  const unavailable = (err?: unknown) => new UnavailableError(`The run queue does not answer${err ? ` (${(err as Error).message})` : ''}: try again shortly`);
  const leaseMs = (config.runTimeoutMs ?? 3_600_000) + 60_000;

  class QueuedRun extends ScopedRun {
    readonly #jobId: string;
    readonly #body: unknown;
    readonly #stream: RunJob['options'];

    constructor(prepared: PreparedRun, scope: RunScope, jobId: string, body: unknown, options: RunJob['options']) {
      super(prepared, scope, tracker.runTimeoutMs);
      this.#jobId = jobId;
      this.#body = body;
      this.#stream = options;
    }

    protected work(listeners: ExecuteListeners): Promise<RunResponse> {
      return this.#enqueue(listeners);
    }

    #enqueue(listeners: ExecuteListeners): Promise<RunResponse> {
      const jobId = this.#jobId;
      const { signal } = this.scope;
      let stopListening = () => {};
      const outcome = new Promise<RunResponse>((resolve, reject) => {
        pending.set(jobId, { listeners, resolve, reject });
        stopListening = signal.onAbort(() => {
          reject(new CancelledError());
          cancel(jobId);
        });
        if (signal.aborted) return reject(new CancelledError());
        const data: RunJob = {
          flowId: this.prepared.flowId,
          body: this.#body,
          options: this.#stream,
          replyTo: replyKey.slice(keys.reply(prefix, '').length),
          listen: { stream: listeners.onStreamEvent !== undefined, run: listeners.onRunEvent !== undefined },
          deadline: Date.now() + (tracker.runTimeoutMs ?? 3_600_000),
        };
        jobs.add('run', data, { jobId, removeOnComplete: true, removeOnFail: { age: 3_600 } }).catch((err: unknown) => reject(unavailable(err)));
      });
      return outcome.finally(() => {
        pending.delete(jobId);
        stopListening();
        release(jobId);
      });
    }
  }

  const lifecycle: RunLifecycle = {
    async start(flowRef, body, options) {
      const prepared = runs.prepare(flowRef, body, options);
      if (state !== 'ok') throw unavailable();
      const jobId = randomUUID();
      let admitted: unknown;
      try {
        admitted = await cmd.eval(ADMIT, 1, keys.running(prefix), String(config.maxConcurrentRuns), jobId, String(leaseMs));
      } catch (err) {
        throw unavailable(err);
      }
      if (admitted !== 1) {
        throw new TooManyRequestsError(`Too many runs in progress (the limit is ${config.maxConcurrentRuns}): try again shortly`, RETRY_AFTER_SECONDS);
      }
      try {
        return new QueuedRun(prepared, tracker.begin(), jobId, body, options);
      } catch (err) {
        release(jobId);
        throw err;
      }
    },
  };

  return {
    lifecycle,
    state: () => state,
    where: describeQueue(url),
    async close() {
      closed = true;
      clearInterval(refresh);
      await Promise.allSettled([events.close(), jobs.close()]);
      replies.disconnect();
      await reading;
      await cmd.del(replyKey).catch(() => undefined);
      await cmd.quit().catch(() => cmd.disconnect());
    },
  };
}
