/**
 * Node/V8 flags the server process is started with, wherever it is started: the `flowdesk`
 * command's shebang (bin/flowdesk.js), `npm start`, the desktop app's server process
 * (main/server-process.ts) and the benchmark. test/cli/node-flags.test.ts checks they agree.
 *
 * `--max-semi-space-size=4`: V8 grows the young generation of a busy process up to 2 × 16 MB. For a
 * server whose requests each allocate a few tens of KB and hold nothing, a scavenge of such a large
 * young generation pauses for 1–2 ms (the tail of `/run` latency under load) and its pages stay
 * resident once touched (idle memory that grew with use). 4 MB semi-spaces keep pauses short and
 * memory flat at the same throughput (`npm run bench`, issue 7).
 *
 * `--expose-gc`: lets the server give memory back once a burst of work is over (server/idle-gc.ts).
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4', '--expose-gc'];
