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

/**
 * What a character no configured page has prints as: its base letter when a page (or ASCII) has
 * that (Ő → O, ΐ → ι, ŝ → s), else "?".
 */
export function fallbackChar(ch: string, pages: readonly CodePage[] = []): string {
  const base = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  if (base.length !== 1) return '?';
  if (base >= ' ' && base < '\u007f') return base;
  return pages.some((p) => pageMap(p).has(base)) ? base : '?';
}

/** Spaces other than U+0020 (NBSP, Intl's narrow no-break space U+202F, thin, figure, …). */
const OTHER_SPACES = /[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g;
/** Invisible format characters (zero-width space/joiners, word joiner, BOM, soft hyphen). */
const INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff]/g;

/**
 * Text exactly as these code pages will print it, one character per printed cell: other spaces
 * become spaces, invisible characters go, and a character no page has becomes its fallback. The
 * layout applies this before wrapping, so the encoder and the PNG preview draw the same letters.
 */
export function printableText(s: string, pages: readonly CodePage[]): string {
  let out = '';
  for (const ch of s.replace(OTHER_SPACES, ' ').replace(INVISIBLE, '')) {
    const cp = ch.codePointAt(0)!;
    if ((cp >= 0x20 && cp < 0x7f) || ch === '\n' || pageFor(ch, pages, null)) out += ch;
    else out += fallbackChar(ch, pages);
  }
  return out;
}
