/**
 * Durable print-job journal (GW-3): a job is printed at most once, even when the till retries
 * with the same key or the daemon restarts mid-job. Implemented on the store's database in
 * src/engine/store/print-jobs-repo.ts (through src/bridges/print-journal.ts); tests may use the in-memory one below.
 *
 * States: queued (no byte sent) → printing (bytes going out) → done | failed (nothing printed) |
 * in_doubt (interrupted after bytes may have reached the printer; never reprinted silently).
 */
export type JobState = 'queued' | 'printing' | 'done' | 'failed' | 'in_doubt';

export interface PrintJob {
  jobId: string;
  printerId: string;
  jobKey: string;
  docHash: string;
  /** The document as JSON, kept so a queued job survives a restart. */
  doc: string;
  state: JobState;
  detail: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface NewJob {
  jobId: string;
  printerId: string;
  jobKey: string;
  docHash: string;
  doc: string;
  at: string;
}

export interface PrintJournal {
  /** Insert a queued job, or return the existing one with the same (printerId, jobKey). */
  enqueue(job: NewJob): { job: PrintJob; created: boolean };
  get(jobId: string): PrintJob | null;
  byKey(printerId: string, jobKey: string): PrintJob | null;
  /** queued → printing, atomically; false if the job is not queued (already taken or gone). */
  claim(jobId: string, at: string): boolean;
  finish(jobId: string, state: 'done' | 'failed' | 'in_doubt', detail: string | null, at: string): void;
  /** Oldest queued jobs of a printer. */
  queued(printerId: string): PrintJob[];
  /** At start-up: every `printing` job (a crash interrupted it) becomes `in_doubt`; returns them. */
  recoverInterrupted(at: string): PrintJob[];
}

/** A journal in memory, for tests and for `tillgate print-test` (no database). */
export class MemoryPrintJournal implements PrintJournal {
  private readonly jobs = new Map<string, PrintJob>();

  enqueue(n: NewJob) {
    for (const j of this.jobs.values()) if (j.printerId === n.printerId && j.jobKey === n.jobKey) return { job: { ...j }, created: false };
    const job: PrintJob = { ...n, state: 'queued', detail: null, createdAt: n.at, updatedAt: n.at };
    this.jobs.set(job.jobId, job);
    return { job: { ...job }, created: true };
  }
  get(jobId: string) {
    const j = this.jobs.get(jobId);
    return j ? { ...j } : null;
  }
  byKey(printerId: string, jobKey: string) {
    for (const j of this.jobs.values()) if (j.printerId === printerId && j.jobKey === jobKey) return { ...j };
    return null;
  }
  claim(jobId: string, at: string) {
    const j = this.jobs.get(jobId);
    if (!j || j.state !== 'queued') return false;
    j.state = 'printing';
    j.updatedAt = at;
    return true;
  }
  finish(jobId: string, state: 'done' | 'failed' | 'in_doubt', detail: string | null, at: string) {
    const j = this.jobs.get(jobId);
    if (j) Object.assign(j, { state, detail, updatedAt: at });
  }
  queued(printerId: string) {
    return [...this.jobs.values()].filter((j) => j.printerId === printerId && j.state === 'queued').map((j) => ({ ...j }));
  }
  recoverInterrupted(at: string) {
    const out: PrintJob[] = [];
    for (const j of this.jobs.values()) {
      if (j.state !== 'printing') continue;
      Object.assign(j, { state: 'in_doubt', detail: 'interrupted while printing (daemon stopped)', updatedAt: at });
      out.push({ ...j });
    }
    return out;
  }
}
