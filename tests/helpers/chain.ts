/** A chain of real central + store processes (shared with the benchmarks). */
export { restartChainStore, startChainCentral, startChainStore, type ChainCentral, type ChainStore } from '../../bench/lib/chain.js';
