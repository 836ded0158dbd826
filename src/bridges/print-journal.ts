import type { PrintJournal } from '../drivers/print-journal.js';
import { PrintJobsRepo } from '../engine/store/print-jobs-repo.js';
import type { Db } from '../engine/store/db.js';

/**
 * The printers' durable journal (GW-3) on the store database. Drivers and the engine never import
 * each other: this bridge is the one place that sees both, and the assignment below is the
 * compile-time check that the store's repository is the journal the drivers expect.
 */
export function storePrintJournal(db: Db): PrintJournal {
  const journal: PrintJournal = new PrintJobsRepo(db);
  return journal;
}
