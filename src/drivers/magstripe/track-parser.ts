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
  return addTracks(line, swipe) ? swipe : null;
}

/**
 * Add the tracks of one line to `swipe` (a ";" track after track 2 is track 3); false when the
 * line holds no track.
 */
function addTracks(line: string, swipe: Swipe): boolean {
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
  return found;
}

const hasTrack3 = (s: Swipe) => s.track3 !== undefined || s.bad.includes(3);

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

/**
 * Streaming: push text chunks, get complete swipes. Some readers end the whole swipe with CR/LF,
 * others end EACH track with CR: the lines of one swipe are joined into one swipe (GW-2: one
 * swipe, one event). A swipe is complete at a LF, when the next one starts (a track 1 line),
 * when it has track 3, or when the caller calls flush() after the reader went quiet.
 */
export class TrackParser {
  private buf = '';
  private pending: Swipe | null = null;

  push(chunk: string): Swipe[] {
    const out: Swipe[] = [];
    for (const ch of chunk) {
      if (ch === '\r' || ch === '\n') {
        if (this.buf.length) this.line(this.buf, out);
        this.buf = '';
        if (ch === '\n') out.push(...this.flush()); // LF (or CR LF) ends the whole swipe
        continue;
      }
      // A reader that never ends its line must not grow memory without bound.
      if (this.buf.length >= MAX_LINE) this.buf = '';
      this.buf += ch;
    }
    return out;
  }

  /** A swipe still waiting for more tracks. */
  get hasPending(): boolean {
    return this.pending !== null;
  }

  /** The reader went quiet: the swipe waiting for more tracks is complete. */
  flush(): Swipe[] {
    const p = this.pending;
    this.pending = null;
    return p ? [p] : [];
  }

  /** Drop a partial swipe (link lost mid-swipe). */
  reset(): void {
    this.buf = '';
    this.pending = null;
  }

  private line(line: string, out: Swipe[]): void {
    const first = line.search(/[%;+]/);
    if (first < 0) return;
    if (this.pending && line[first] === '%') out.push(...this.flush()); // track 1 starts a new swipe
    const swipe = this.pending ?? { bad: [] };
    if (!addTracks(line, swipe)) return;
    if (hasTrack3(swipe)) {
      this.pending = null;
      out.push(swipe);
    } else {
      this.pending = swipe;
    }
  }
}
