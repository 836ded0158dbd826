/**
 * ISO 7813 / 7811 magnetic-stripe track parser (GW-2). Readers send the tracks of one swipe as
 * text ending in CR and/or LF: `%…?` track 1, `;…?` track 2, `;…?` or `+…?` track 3; a track
 * the reader could not decode comes as `%E?`, `;E?` or `+E?`. Pure and streaming: chunks may be
 * split anywhere. Track data is card data: never log it.
 */
export interface Swipe {
  track1?: string;
  track2?: string;
  track3?: string;
  /** Tracks present but unreadable (E marker or characters outside the track's set). */
  bad: (1 | 2 | 3)[];
}

const T1_CHARS = /^[\x20-\x5f]*$/; // 6-bit alphanumeric set, without the sentinels
const T23_CHARS = /^[0-9:;<=>]*$/; // 4-bit numeric set
const MAX_LINE = 512;

/** Parse one swipe line (without terminator). Null when the line holds no track at all. */
export function parseSwipeLine(line: string): Swipe | null {
  const swipe: Swipe = { bad: [] };
  let found = false;
  let i = 0;
  while (i < line.length) {
    const start = line[i];
    if (start !== '%' && start !== ';' && start !== '+') {
      i++;
      continue;
    }
    const end = line.indexOf('?', i + 1);
    const body = end < 0 ? line.slice(i + 1) : line.slice(i + 1, end);
    i = end < 0 ? line.length : end + 1;
    // An LRC character may follow the end sentinel on serial readers: skip one non-sentinel.
    if (end >= 0 && i < line.length && !'%;+'.includes(line[i]!)) i++;
    const track: 1 | 2 | 3 = start === '%' ? 1 : start === '+' ? 3 : swipe.track2 !== undefined || swipe.bad.includes(2) ? 3 : 2;
    found = true;
    const ok = end >= 0 && body !== 'E' && body.length > 0 && (track === 1 ? T1_CHARS.test(body) : T23_CHARS.test(body));
    if (!ok) {
      swipe.bad.push(track);
      continue;
    }
    if (track === 1) swipe.track1 = body;
    else if (track === 2) swipe.track2 = body;
    else swipe.track3 = body;
  }
  return found ? swipe : null;
}

/** The card number of a swipe: track 2 PAN, else track 1 PAN, else track 3; null if none. */
export function swipeNumber(s: Swipe): string | null {
  const t2 = s.track2 && /^(\d{1,19})(?:=|$)/.exec(s.track2);
  if (t2) return t2[1]!;
  const t1 = s.track1 && /^[A-Z]?(\d{1,19})(?:\^|$)/.exec(s.track1);
  if (t1) return t1[1]!;
  const t3 = s.track3 && /^(\d{1,19})(?:=|$)/.exec(s.track3);
  if (t3) return t3[1]!;
  return null;
}

/** Streaming: push text chunks, get complete swipes at each line end. */
export class TrackParser {
  private buf = '';

  push(chunk: string): Swipe[] {
    const out: Swipe[] = [];
    for (const ch of chunk) {
      if (ch === '\r' || ch === '\n') {
        const s = this.buf.length ? parseSwipeLine(this.buf) : null;
        this.buf = '';
        if (s) out.push(s);
        continue;
      }
      // A reader that never ends its line must not grow memory without bound.
      if (this.buf.length >= MAX_LINE) this.buf = '';
      this.buf += ch;
    }
    return out;
  }

  /** Drop a partial swipe (link lost mid-swipe). */
  reset(): void {
    this.buf = '';
  }
}
