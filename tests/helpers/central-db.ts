/** A fresh PostgreSQL database per run (shared with the benchmarks). */
export { freshDatabase, type FreshDatabase } from '../../bench/lib/central-db.js';
