import { randomUUID } from 'node:crypto';
import { AppError } from '../errors.ts';
import type { ReportFile } from '../reports/render-file.ts';

/**
 * Report renders running in the background, so a long one (a 60-indicator
 * pack to PDF) shows its progress on a page that refreshes itself (no
 * script) and then offers the file. Held in this process's memory for a
 * while after they finish, and only for the person who asked.
 */
export interface RenderJob {
  id: string;
  reportId: number;
  userId: number;
  format: string;
  startedAt: number;
  /** 0 to 1. */
  fraction: number;
  text: string;
  file: ReportFile | null;
  error: string | null;
}

const KEEP_MS = 30 * 60 * 1000;
const MAX_JOBS = 50;

export function createRenderJobs() {
  const jobs = new Map<string, RenderJob>();

  function forget(now: number) {
    for (const [id, job] of jobs) {
      if (now - job.startedAt > KEEP_MS) jobs.delete(id);
    }
    // Finished files hold memory: beyond the limit the oldest go first.
    while (jobs.size >= MAX_JOBS) jobs.delete(jobs.keys().next().value!);
  }

  return {
    /** Starts `work`, which reports progress through the callback, and returns the job at once. */
    start(
      owner: { reportId: number; userId: number; format: string },
      work: (progress: (fraction: number, text: string) => void) => Promise<ReportFile>,
    ): RenderJob {
      forget(Date.now());
      const job: RenderJob = {
        id: randomUUID(),
        ...owner,
        startedAt: Date.now(),
        fraction: 0,
        text: 'Starting',
        file: null,
        error: null,
      };
      jobs.set(job.id, job);
      work((fraction, text) => {
        job.fraction = fraction;
        job.text = text;
      }).then(
        (file) => {
          job.file = file;
          job.fraction = 1;
          job.text = 'Ready';
        },
        (error: unknown) => {
          // Only the services' own messages are meant for people; anything else goes to the log.
          if (error instanceof AppError) {
            job.error = error.message;
          } else {
            console.error(error);
            job.error =
              'The file could not be made because of an error in the server. Try again, or ask for its log to be read.';
          }
        },
      );
      return job;
    },
    /** The job, if it is this person's render of this report. */
    find(id: string, owner: { reportId: number; userId: number }): RenderJob | null {
      const job = jobs.get(id);
      return job && job.reportId === owner.reportId && job.userId === owner.userId ? job : null;
    },
  };
}

export type RenderJobs = ReturnType<typeof createRenderJobs>;
