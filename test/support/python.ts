/** The Python the tests run scripts with. */
import { spawnSync } from 'node:child_process';

/** The first Python with `requests` (.ci/run installs Debian's python3-requests when none has it). */
export function findPython(): string {
  const candidates = [process.env.FLOWDESK_TEST_PYTHON, 'python3', '/usr/bin/python3'].filter((c): c is string => !!c);
  for (const python of candidates) {
    if (spawnSync(python, ['-c', 'import requests'], { stdio: 'ignore' }).status === 0) return python;
  }
  throw new Error(`No Python with the requests package among ${candidates.join(', ')}: install python3-requests`);
}
