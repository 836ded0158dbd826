import type { Db } from './db.js';

/*
 * The print-job journal's rows (migration 0005_print_jobs.sql). The drivers define what a journal
 * must do (src/drivers/print-journal.ts); the store cannot import drivers, so the shapes are
 * declared here and src/bridges/print-journal.ts checks at compile time that this repository
 * is such a journal.
 */
export type JobState = 'queued' | 'printing' | 'done' | 'failed' | 'in_doubt';

export interface PrintJob {
  jobId: string;
  printerId: string;
  jobKey: string;
  docHash: string;
  doc: string;
  state: JobState;
  detail: string | null;
  createdAt: string;
  updatedAt: string;
}

export type NewJob = Omit<PrintJob, 'state' | 'detail' | 'createdAt' | 'updatedAt'> & { at: string };

interface Row {
  job_id: string;
  printer_id: string;
  job_key: string;
  doc_hash: string;
  doc: string;
  state: JobState;
  detail: string | null;
  created_at: string;
  updated_at: string;
}

const COLS = 'job_id, printer_id, job_key, doc_hash, doc, state, detail, created_at, updated_at';

function toJob(r: Row): PrintJob {
  return {
    jobId: r.job_id,
    printerId: r.printer_id,
    jobKey: r.job_key,
    docHash: r.doc_hash,
    doc: r.doc,
    state: r.state,
    detail: r.detail,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** The print-job journal on the store's libSQL database. */
export class PrintJobsRepo {
  constructor(private readonly db: Db) {}

  enqueue(n: NewJob): { job: PrintJob; created: boolean } {
    return this.db.tx(() => {
      const existing = this.db.prepare(`SELECT ${COLS} FROM print_jobs WHERE printer_id = ? AND job_key = ?`).get(n.printerId, n.jobKey) as Row | undefined;
      if (existing) return { job: toJob(existing), created: false };
      this.db
        .prepare(`INSERT INTO print_jobs (${COLS}) VALUES (?, ?, ?, ?, ?, 'queued', NULL, ?, ?)`)
        .run(n.jobId, n.printerId, n.jobKey, n.docHash, n.doc, n.at, n.at);
      return { job: { ...n, state: 'queued' as const, detail: null, createdAt: n.at, updatedAt: n.at }, created: true };
    });
  }

  get(jobId: string): PrintJob | null {
    const r = this.db.prepare(`SELECT ${COLS} FROM print_jobs WHERE job_id = ?`).get(jobId) as Row | undefined;
    return r ? toJob(r) : null;
  }

  byKey(printerId: string, jobKey: string): PrintJob | null {
    const r = this.db.prepare(`SELECT ${COLS} FROM print_jobs WHERE printer_id = ? AND job_key = ?`).get(printerId, jobKey) as Row | undefined;
    return r ? toJob(r) : null;
  }

  claim(jobId: string, at: string): boolean {
    return this.db.tx(
      () => this.db.prepare(`UPDATE print_jobs SET state = 'printing', updated_at = ? WHERE job_id = ? AND state = 'queued'`).run(at, jobId).changes === 1,
    );
  }

  finish(jobId: string, state: 'done' | 'failed' | 'in_doubt', detail: string | null, at: string): void {
    this.db.tx(() => this.db.prepare('UPDATE print_jobs SET state = ?, detail = ?, updated_at = ? WHERE job_id = ?').run(state, detail, at, jobId));
  }

  queued(printerId: string): PrintJob[] {
    return (
      this.db.prepare(`SELECT ${COLS} FROM print_jobs WHERE printer_id = ? AND state = 'queued' ORDER BY created_at, job_id`).all(printerId) as Row[]
    ).map(toJob);
  }

  recoverInterrupted(at: string): PrintJob[] {
    return this.db.tx(() => {
      const rows = (this.db.prepare(`SELECT ${COLS} FROM print_jobs WHERE state = 'printing'`).all() as Row[]).map(toJob);
      const upd = this.db.prepare(`UPDATE print_jobs SET state = 'in_doubt', detail = ?, updated_at = ? WHERE job_id = ?`);
      const detail = 'interrupted while printing (daemon stopped); check the paper before printing again';
      for (const j of rows) upd.run(detail, at, j.jobId);
      return rows.map((j) => ({ ...j, state: 'in_doubt' as const, detail, updatedAt: at }));
    });
  }
}
