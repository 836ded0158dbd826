/**
 * Linux input events from a USB HID keyboard-style magstripe reader (/dev/input/event*).
 * struct input_event on 64-bit Linux: timeval (2 × 8 bytes), type u16, code u16, value s32 =
 * 24 bytes, little endian. Key presses (EV_KEY, value 1 or 2) are turned into characters with
 * a US layout, which is what these readers emulate.
 */
export const EVENT_SIZE = 24;
export const EV_KEY = 1;

const KEY_LEFTSHIFT = 42;
const KEY_RIGHTSHIFT = 54;

// Linux key codes (input-event-codes.h) → [plain, shifted].
const KEYMAP: Record<number, [string, string]> = {
  2: ['1', '!'],
  3: ['2', '@'],
  4: ['3', '#'],
  5: ['4', '$'],
  6: ['5', '%'],
  7: ['6', '^'],
  8: ['7', '&'],
  9: ['8', '*'],
  10: ['9', '('],
  11: ['0', ')'],
  12: ['-', '_'],
  13: ['=', '+'],
  15: ['\t', '\t'],
  16: ['q', 'Q'],
  17: ['w', 'W'],
  18: ['e', 'E'],
  19: ['r', 'R'],
  20: ['t', 'T'],
  21: ['y', 'Y'],
  22: ['u', 'U'],
  23: ['i', 'I'],
  24: ['o', 'O'],
  25: ['p', 'P'],
  26: ['[', '{'],
  27: [']', '}'],
  28: ['\n', '\n'],
  30: ['a', 'A'],
  31: ['s', 'S'],
  32: ['d', 'D'],
  33: ['f', 'F'],
  34: ['g', 'G'],
  35: ['h', 'H'],
  36: ['j', 'J'],
  37: ['k', 'K'],
  38: ['l', 'L'],
  39: [';', ':'],
  40: ["'", '"'],
  41: ['`', '~'],
  43: ['\\', '|'],
  44: ['z', 'Z'],
  45: ['x', 'X'],
  46: ['c', 'C'],
  47: ['v', 'V'],
  48: ['b', 'B'],
  49: ['n', 'N'],
  50: ['m', 'M'],
  51: [',', '<'],
  52: ['.', '>'],
  53: ['/', '?'],
  57: [' ', ' '],
  96: ['\n', '\n'], // KEY_KPENTER
  71: ['7', '7'],
  72: ['8', '8'],
  73: ['9', '9'],
  75: ['4', '4'],
  76: ['5', '5'],
  77: ['6', '6'],
  79: ['1', '1'],
  80: ['2', '2'],
  81: ['3', '3'],
  82: ['0', '0'],
};

/** Keycode for a character (for tests and fixtures that type a swipe). */
export function keyFor(ch: string): { code: number; shift: boolean } | undefined {
  for (const [code, [plain, shifted]] of Object.entries(KEYMAP)) {
    if (Number(code) >= 71 && Number(code) <= 96) continue; // prefer the main block
    if (plain === ch) return { code: Number(code), shift: false };
    if (shifted === ch) return { code: Number(code), shift: true };
  }
  return undefined;
}

/** One input_event record. */
export function encodeEvent(type: number, code: number, value: number): Buffer {
  const b = Buffer.alloc(EVENT_SIZE);
  b.writeUInt16LE(type, 16);
  b.writeUInt16LE(code, 18);
  b.writeInt32LE(value, 20);
  return b;
}

/** The records a keyboard-style reader sends for `text` (press/release, shift around capitals). */
export function typeText(text: string): Buffer {
  const out: Buffer[] = [];
  for (const ch of text) {
    const k = keyFor(ch === '\r' ? '\n' : ch);
    if (!k) continue;
    if (k.shift) out.push(encodeEvent(EV_KEY, KEY_LEFTSHIFT, 1));
    out.push(encodeEvent(EV_KEY, k.code, 1), encodeEvent(0, 0, 0), encodeEvent(EV_KEY, k.code, 0));
    if (k.shift) out.push(encodeEvent(EV_KEY, KEY_LEFTSHIFT, 0));
    out.push(encodeEvent(0, 0, 0));
  }
  return Buffer.concat(out);
}

/** Streaming decoder: bytes (split anywhere) → typed characters. */
export class EvdevDecoder {
  private rest = Buffer.alloc(0);
  private shift = 0;

  push(chunk: Buffer): string {
    const buf = this.rest.length ? Buffer.concat([this.rest, chunk]) : chunk;
    let out = '';
    let off = 0;
    for (; off + EVENT_SIZE <= buf.length; off += EVENT_SIZE) {
      const type = buf.readUInt16LE(off + 16);
      const code = buf.readUInt16LE(off + 18);
      const value = buf.readInt32LE(off + 20);
      if (type !== EV_KEY) continue;
      if (code === KEY_LEFTSHIFT || code === KEY_RIGHTSHIFT) {
        this.shift = Math.max(0, this.shift + (value === 1 ? 1 : value === 0 ? -1 : 0));
        continue;
      }
      if (value !== 1 && value !== 2) continue;
      const k = KEYMAP[code];
      if (k) out += this.shift > 0 ? k[1] : k[0];
    }
    this.rest = Buffer.from(buf.subarray(off));
    return out;
  }

  reset(): void {
    this.rest = Buffer.alloc(0);
    this.shift = 0;
  }
}
