import iconv from 'iconv-lite';
import type { CodePage } from '../../config/devices-schema.js';

/**
 * Character → byte for the printer's code pages, built from iconv-lite's tables (a well-kept,
 * pure-JS codec with every DOS and Windows page a receipt printer has). The encoder switches
 * page per character with ESC t, so one receipt can mix Estonian (õ š ž), German (ß ä),
 * French (é œ ç) and Greek (λ Ω ά).
 */

/** ESC t table numbers in Epson numbering (TM-T88 and most clones). Override per printer in config. */
export const EPSON_TABLES: Record<CodePage, number> = {
  cp437: 0,
  cp850: 2,
  cp737: 14,
  cp1252: 16,
  cp866: 17,
  cp852: 18,
  cp858: 19,
  cp775: 33,
  cp1253: 47,
  cp1257: 51,
};

const maps = new Map<CodePage, Map<string, number>>();

/** The upper half (0x80–0xFF) of a code page as char → byte. */
export function pageMap(page: CodePage): Map<string, number> {
  let m = maps.get(page);
  if (!m) {
    m = new Map();
    for (let b = 0x80; b <= 0xff; b++) {
      const ch = iconv.decode(Buffer.from([b]), page);
      if (ch !== '\ufffd' && !m.has(ch)) m.set(ch, b);
    }
    maps.set(page, m);
  }
  return m;
}

/** Which of `pages` can print `ch` (ASCII: any); undefined when none can. */
export function pageFor(ch: string, pages: readonly CodePage[], preferred: CodePage | null): CodePage | undefined {
  if (preferred && pageMap(preferred).has(ch)) return preferred;
  return pages.find((p) => pageMap(p).has(ch));
}

/** Decomposes a character to its base letter when no page has it (ŝ → s), else "?". */
export function fallbackChar(ch: string): string {
  const base = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  return base.length === 1 && base < '\u007f' ? base : '?';
}
