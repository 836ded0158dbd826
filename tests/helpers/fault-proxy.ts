/** TCP fault proxy (shared with the benchmarks). */
export { faultProxy, type FaultMode, type FaultProxy } from '../../bench/lib/fault-proxy.js';
