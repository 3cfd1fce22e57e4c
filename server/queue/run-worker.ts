/**
 * `flowdesk worker`: executes the runs servers put on the queue, with the same run service as a
 * server (start-runs.ts) on the same PostgreSQL store, and replies to the server holding each
 * request (protocol.ts). A worker that dies mid-run leaves its job to BullMQ's stalled-job check:
 * the job goes back on the queue once, for another worker. A blocking run is then run again after
 * the messages its first attempt stored are removed (each is recorded in Redis before it is
 * written), so a retry never leaves duplicate chat messages; a streamed run, whose client has
 * already seen part of it, fails with a clear error instead.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { Worker, type Job } from 'bullmq';
import type { ServerConfig } from '../config/server-config.js';
import type { Logger } from '../logger.js';
import { previewOutputs } from '../services/output-preview.js';
import { createRunLifecycle, type StartedRun } from '../services/run-lifecycle.js';
import type { ExecuteListeners } from '../services/run-service-types.js';
import { RunTracker } from '../services/run-tracker.js';
import { prepareOutbound } from '../start-outbound.js';
import { buildRunParts } from '../start-runs.js';
import { openConfiguredStore } from '../start-store.js';
import type { MessageStore } from '../storage/types.js';
import { QUEUE_NAME, errorToData, keys, queuePrefix, type Reply, type RunJob } from './protocol.js';
import { connectRedis, describeQueue } from './redis.js';

export interface RunningWorker {
  /** Stops taking jobs, lets the runs it holds finish, closes its connections. */
  close(): Promise<void>;
}

/** Lock of a job a worker holds: renewed every half; a worker silent for this long has died (`FLOWDESK_QUEUE_LOCK_MS`). */
const DEFAULT_LOCK_MS = 30_000;

export async function startWorker(config: ServerConfig, logger: Logger): Promise<RunningWorker> {
  const url = config.queueUrl as string;
  const prefix = queuePrefix(config.env);
  const lockMs = Number(config.env.FLOWDESK_QUEUE_LOCK_MS) > 0 ? Number(config.env.FLOWDESK_QUEUE_LOCK_MS) : DEFAULT_LOCK_MS;
  const { store } = await openConfiguredStore(config, logger);
  const closers: (() => Promise<unknown>)[] = [() => store.close()];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close().catch((err: unknown) => logger.warn(`closing: ${(err as Error).message}`));
  };
  try {
    const pub = await connectRedis(url, { blocking: true, name: 'flowdesk-worker' });
    closers.push(() => pub.quit());
    const sub = await connectRedis(url, { blocking: true, name: 'flowdesk-worker-cancels' });
    closers.push(() => sub.quit());

    // Each message a blocking run stores is first recorded under its job, for a retry to remove.
    const recorder = new AsyncLocalStorage<(id: string) => Promise<unknown>>();
    const base = store.messages;
    const messages: MessageStore = {
      add: async (message) => {
        const record = recorder.getStore();
        if (record) await record(message.id);
        return base.add(message);
      },
      list: (filter) => base.list(filter),
      deleteSession: (id) => base.deleteSession(id),
      deleteFlow: (id) => base.deleteFlow(id),
      count: () => base.count(),
    };
    const deleteIds = (ids: string[]): Promise<number> => {
      const withIds = base as MessageStore & { deleteIds?: (ids: string[]) => Promise<number> };
      if (!withIds.deleteIds) throw new Error('this store cannot remove messages by id');
      return withIds.deleteIds(ids);
    };

    const outbound = prepareOutbound(config, { apiKeyRequired: () => true });
    closers.push(() => outbound.close());
    const { runService } = await buildRunParts(config, store, logger, outbound, { messages });
    // The server that holds the request judged the tweaks and keeps the limit and the timeout.
    const lifecycle = createRunLifecycle({ runs: runService, tracker: new RunTracker({}) });

    const active = new Map<string, StartedRun>();
    /** Jobs cancelled lately (a cancel may arrive before its job starts here). */
    const cancelled = new Map<string, number>();
    await sub.subscribe(keys.cancel(prefix));
    sub.on('message', (_channel: string, jobId: string) => {
      const now = Date.now();
      for (const [id, at] of cancelled) if (now - at > 600_000) cancelled.delete(id);
      cancelled.set(jobId, now);
      active.get(jobId)?.abort();
    });

    const runJob = async (job: Job<RunJob>): Promise<void> => {
      const id = job.id as string;
      const data = job.data;
      const replyKey = keys.reply(prefix, data.replyTo);
      const reply = (message: Reply) =>
        pub.xadd(replyKey, 'NOMKSTREAM', '*', 'j', id, 'e', JSON.stringify(message)).catch((err: unknown) => logger.warn(`run ${id}: reply lost: ${(err as Error).message}`));
      const remaining = data.deadline - Date.now();
      if (cancelled.has(id) || remaining <= 0) return;
      const listens = data.listen.stream || data.listen.run;
      const messagesKey = keys.messages(prefix, id);
      logger.debug(`run ${id} of flow ${data.flowId} started (attempt ${job.attemptsStarted})`);
      if (job.attemptsStarted > 1) {
        if (listens) {
          await reply({ t: 'error', error: { code: 'component_failed', message: 'The worker running this run stopped mid-run; a streamed run is not restarted, since its client was already sent part of it' } });
          return;
        }
        const stored = await pub.lrange(messagesKey, 0, -1);
        const removed = stored.length > 0 ? await deleteIds(stored) : 0;
        await pub.del(messagesKey);
        logger.warn(`run ${id} of flow ${data.flowId}: its worker stopped mid-run; running it again (${removed} message(s) of the stopped attempt removed)`);
      }
      let run: StartedRun;
      try {
        run = await lifecycle.start(data.flowId, data.body, data.options);
      } catch (err) {
        await reply({ t: 'error', error: errorToData(err) });
        return;
      }
      active.set(id, run);
      if (cancelled.has(id)) run.abort();
      const timer = setTimeout(() => run.abort(), remaining);
      const record = listens ? undefined : (messageId: string) => pub.multi().rpush(messagesKey, messageId).pexpire(messagesKey, remaining + 60_000).exec();
      try {
        const listeners: ExecuteListeners = {};
        if (data.listen.stream) listeners.onStreamEvent = (event) => void reply({ t: 'stream', event });
        if (data.listen.run) {
          listeners.onRunEvent = (event) => void reply({ t: 'run', event: event.type === 'node_finished' ? { ...event, outputs: previewOutputs(event.outputs) } : event });
        }
        const result = await (record ? recorder.run(record, () => run.execute(listeners)) : run.execute(listeners));
        logger.debug(`run ${id} of flow ${data.flowId} ended: done`);
        await reply({ t: 'end', result });
      } catch (err) {
        logger.debug(`run ${id} of flow ${data.flowId} ended: ${(err as Error).message}`);
        await reply({ t: 'error', error: errorToData(err) });
      } finally {
        clearTimeout(timer);
        active.delete(id);
        if (record) pub.del(messagesKey).catch(() => undefined);
      }
    };

    const jobsConnection = await connectRedis(url, { blocking: true, name: 'flowdesk-worker-jobs' });
    closers.push(() => jobsConnection.quit());
    const worker = new Worker<RunJob>(QUEUE_NAME, (job, _token, signal) => {
      signal?.addEventListener('abort', () => active.get(job.id as string)?.abort(), { once: true });
      return runJob(job);
    }, {
      connection: jobsConnection,
      prefix,
      concurrency: config.workerConcurrency ?? 4,
      lockDuration: lockMs,
      stalledInterval: lockMs,
      maxStalledCount: 1,
    });
    worker.on('error', (err) => logger.warn(`queue: ${err.message}`));
    closers.push(() => worker.close());
    await worker.waitUntilReady();
    logger.info(`worker ready: queue ${describeQueue(url)} (prefix ${prefix}), concurrency ${config.workerConcurrency ?? 4}`);
    return { close: closeAll };
  } catch (err) {
    await closeAll();
    throw err;
  }
}
