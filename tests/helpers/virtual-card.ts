import { connect, type Socket } from 'node:net';
import { waitFor } from './wait-for.js';

/**
 * A virtual smart card for vpcd (vsmartcard "vicc" protocol): messages are a 2-byte big-endian
 * length + payload; a 1-byte payload is control (0 off, 1 on, 2 reset, 4 ATR), anything else is
 * an APDU. Inserting = connecting to vpcd; removing = closing. TCP_NODELAY and one write per
 * answer keep each APDU fast.
 */
export type ApduHandler = (apdu: Buffer) => Buffer;

export const ATR = Buffer.from('3BDB960080B1FE451F830012233F536549440F9000F1', 'hex');
const OK = Buffer.from([0x90, 0x00]);
const NOT_FOUND = Buffer.from([0x6a, 0x82]);
const UNSUPPORTED = Buffer.from([0x6d, 0x00]);

export class VirtualCard {
  private socket: Socket | null = null;
  apdus: string[] = [];

  constructor(
    private readonly port: number,
    private readonly handler: ApduHandler,
  ) {}

  async insert(): Promise<void> {
    const s = connect({ host: '127.0.0.1', port: this.port });
    s.setNoDelay(true);
    await new Promise<void>((res, rej) => {
      s.once('connect', () => res());
      s.once('error', rej);
    });
    s.on('error', () => undefined);
    let buf = Buffer.alloc(0);
    s.on('data', (c: Buffer) => {
      buf = Buffer.concat([buf, c]);
      while (buf.length >= 2) {
        const len = buf.readUInt16BE(0);
        if (buf.length < 2 + len) break;
        const msg = buf.subarray(2, 2 + len);
        buf = buf.subarray(2 + len);
        const reply = len === 1 ? (msg[0] === 4 ? ATR : null) : this.answer(msg);
        if (reply) {
          const out = Buffer.alloc(2 + reply.length);
          out.writeUInt16BE(reply.length, 0);
          reply.copy(out, 2);
          s.write(out);
        }
      }
    });
    this.socket = s;
  }

  async remove(): Promise<void> {
    const s = this.socket;
    this.socket = null;
    if (!s) return;
    s.destroy();
    await waitFor(() => s.destroyed, 'card socket closed');
  }

  private answer(apdu: Buffer): Buffer {
    this.apdus.push(apdu.toString('hex'));
    return this.handler(apdu);
  }
}

/** A contactless card answering GET UID (FF CA 00 00 00). */
export function uidCard(uid: Buffer): ApduHandler {
  return (a) => (a.subarray(0, 4).equals(Buffer.from('FFCA0000', 'hex')) ? Buffer.concat([uid, OK]) : UNSUPPORTED);
}

/**
 * A card with files: SELECT by AID (P1=04) or file id (P1=00..02), READ BINARY of the
 * selected file. `files` maps hex AID / file id → contents (an AID maps to an empty buffer).
 */
export function fileCard(files: Record<string, Buffer>): ApduHandler {
  let selected: Buffer | null = null;
  return (a) => {
    const [cla, ins, p1] = a;
    if (cla !== 0x00) return UNSUPPORTED;
    if (ins === 0xa4) {
      if (a.length <= 4) return OK; // SELECT MF
      const lc = a[4]!;
      const id = a
        .subarray(5, 5 + lc)
        .toString('hex')
        .toUpperCase();
      const f = files[id];
      if (!f) return NOT_FOUND;
      selected = f;
      return p1 === 0x04 && (a[3]! & 0x0c) !== 0x0c ? Buffer.concat([Buffer.from('6F00', 'hex'), OK]) : OK;
    }
    if (ins === 0xb0) {
      if (!selected) return Buffer.from([0x69, 0x86]);
      const off = ((a[2]! & 0x7f) << 8) | a[3]!;
      const le = a[4] === 0 || a[4] === undefined ? 256 : a[4];
      return Buffer.concat([selected.subarray(off, off + le), OK]);
    }
    return UNSUPPORTED;
  };
}

/** CUST-9: an Estonian eID (2018+) with its personal data file. */
export function estonianEidCard(p: { surname: string; firstName: string; sex: string; citizenship: string; birth: string; personalCode: string }): ApduHandler {
  const utf8 = (s: string) => Buffer.from(s, 'utf8');
  return fileCard({
    A000000077010800070000FE00000100: Buffer.alloc(0),
    '5000': Buffer.alloc(0),
    '5001': utf8(p.surname),
    '5002': utf8(p.firstName),
    '5003': utf8(p.sex),
    '5004': utf8(p.citizenship),
    '5005': utf8(p.birth),
    '5006': utf8(p.personalCode),
  });
}
