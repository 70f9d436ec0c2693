import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../bin/scorecard.js', import.meta.url));

/** Which share of a list a job takes: every `count`-th item from the `index`-th. */
export interface Part {
  index: number;
  count: number;
}

/** `--part 1/2` read back; null when absent or malformed. */
export function parsePart(text: string | undefined): Part | null {
  const match = /^(\d+)\/(\d+)$/.exec(text ?? '');
  if (!match) return null;
  const part = { index: +match[1]!, count: +match[2]! };
  return part.count >= 1 && part.index < part.count ? part : null;
}

export const inPart = <T>(items: readonly T[], part: Part): T[] =>
  items.filter((_, i) => i % part.count === part.index);

/**
 * Runs `scorecard <args> --part i/jobs` in `jobs` child processes at once
 * and hands every line each prints to `onLine` with the job's number: the
 * way the operator's bulk commands use both cores (each job has its own
 * database connection; reading and computing are one core's work each).
 */
export async function runInJobs(
  args: readonly string[],
  jobs: number,
  onLine: (line: string, job: number) => void,
): Promise<void> {
  await Promise.all(
    Array.from(
      { length: jobs },
      (_, index) =>
        new Promise<void>((done, fail) => {
          const child = spawn(process.execPath, [CLI, ...args, '--part', `${index}/${jobs}`], {
            stdio: ['ignore', 'pipe', 'inherit'],
          });
          let buffered = '';
          child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
            buffered += chunk;
            const lines = buffered.split('\n');
            buffered = lines.pop()!;
            for (const line of lines) onLine(line, index + 1);
          });
          child.on('error', fail);
          child.on('exit', (code) =>
            code === 0
              ? done()
              : fail(new Error(`Job ${index + 1} of scorecard ${args[0]} failed (exit ${code})`)),
          );
        }),
    ),
  );
}
