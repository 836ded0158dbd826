/**
 * Caps on a receipt preview (GW-3, GW-5). The canvas costs width × height bytes (plus four times
 * that for the PNG's RGBA buffer), so the rendered height is capped as well as the document.
 * 4000 dot rows is about 50 cm of paper at 203 dpi: longer than any real receipt.
 */
export interface PreviewLimits {
  /** Bytes of the JSON document (query `doc` or request body). */
  maxDocBytes: number;
  /** Rendered height in printer dots (rows of the PNG). */
  maxRows: number;
  /** Wall time one render may take in the worker before it is terminated. */
  timeoutMs: number;
  /** Time the worker may take to start (loading the renderer); generous because tsx compiles it. */
  startTimeoutMs: number;
  /** An idle worker is stopped after this long, so the box does not keep its memory for nothing. */
  idleMs: number;
}

export const PREVIEW_LIMITS: PreviewLimits = {
  maxDocBytes: 64 * 1024,
  maxRows: 4000,
  timeoutMs: 2000,
  startTimeoutMs: 30_000,
  idleMs: 60_000,
};

/** Seconds a till is told to wait (Retry-After) when another preview is rendering. */
export const PREVIEW_RETRY_AFTER_S = 1;
