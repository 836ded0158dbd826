/** Spawn `tillgate central` (shared with the benchmarks). */
export { spawnCentral, type SpawnedCentral } from '../../bench/lib/spawn-central.js';
