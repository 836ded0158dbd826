/** sysexits.h codes the daemon exits with when it cannot start; systemd does not restart on them. */
export const EXIT = {
  /** The database is not the one this store expects (or is newer than this Tillgate). */
  DATAERR: 65,
  SOFTWARE: 70,
  /** The database file is corrupt or cannot be read. */
  IOERR: 74,
  /** Another process holds the database or the port. */
  TEMPFAIL: 75,
  CONFIG: 78,
} as const;

/** A reason the daemon cannot start: one line for the technician, and the exit code. */
export class StartupError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'StartupError';
  }
}
