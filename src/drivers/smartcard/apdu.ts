/** ISO 7816-4 APDUs and the card-number methods built on them (GW-2). Pure over a channel. */
import type { SmartcardNumberMethod } from '../../config/devices-schema.js';

export interface CardChannel {
  /** Send one command APDU; returns the response including SW1 SW2. */
  transmit(apdu: Buffer): Promise<Buffer>;
}

export class ApduError extends Error {
  constructor(
    readonly sw: number,
    what: string,
  ) {
    super(`${what}: card answered ${sw.toString(16).padStart(4, '0')}`);
    this.name = 'ApduError';
  }
}

export const hexBytes = (h: string) => Buffer.from(h.replace(/\s+/g, ''), 'hex');

/** Send and unwrap: follows 61xx (GET RESPONSE) and 6Cxx (wrong Le), throws on other non-9000. */
export async function command(ch: CardChannel, apdu: Buffer, what: string): Promise<Buffer> {
  let res = await ch.transmit(apdu);
  let data = Buffer.alloc(0);
  for (let guard = 0; guard < 32; guard++) {
    if (res.length < 2) throw new ApduError(0, `${what}: short response`);
    const sw1 = res[res.length - 2]!;
    const sw2 = res[res.length - 1]!;
    data = Buffer.concat([data, res.subarray(0, res.length - 2)]);
    if (sw1 === 0x61) {
      res = await ch.transmit(Buffer.from([0x00, 0xc0, 0x00, 0x00, sw2]));
      continue;
    }
    if (sw1 === 0x6c) {
      res = await ch.transmit(Buffer.concat([apdu.subarray(0, 4), Buffer.from([sw2])]));
      continue;
    }
    if (sw1 === 0x90 && sw2 === 0x00) return data;
    throw new ApduError((sw1 << 8) | sw2, what);
  }
  throw new ApduError(0, `${what}: too many continuation responses`);
}

export const GET_UID = hexBytes('FFCA000000');

export function selectAid(aid: Buffer): Buffer {
  return Buffer.concat([Buffer.from([0x00, 0xa4, 0x04, 0x00, aid.length]), aid, Buffer.from([0x00])]);
}

export function selectFile(fid: Buffer, p1 = 0x02): Buffer {
  return Buffer.concat([Buffer.from([0x00, 0xa4, p1, 0x0c, fid.length]), fid]);
}

export function readBinary(offset: number, le: number): Buffer {
  return Buffer.from([0x00, 0xb0, (offset >> 8) & 0x7f, offset & 0xff, le & 0xff]);
}

export type UidFormat = 'hex' | 'hex-reversed' | 'decimal' | 'decimal-reversed';

/**
 * UID bytes as the number printed on the card (GW-2), the way keyboard-wedge readers emit it.
 * Leading zeros are kept: hex has two digits per byte, decimal is zero-padded to `digits` or
 * else to the width the UID length can need (4 bytes: 10 digits, so 04123456 → 0068301910).
 * Null when the number does not fit `digits`.
 */
export function uidToNumber(uid: Buffer, format: UidFormat, digits?: number): string | null {
  const bytes = format.endsWith('-reversed') ? Buffer.from(uid).reverse() : uid;
  if (format.startsWith('hex')) return bytes.toString('hex').toUpperCase();
  const width = digits ?? (2n ** BigInt(8 * bytes.length) - 1n).toString(10).length;
  const n = BigInt('0x' + (bytes.toString('hex') || '0')).toString(10);
  return n.length > width ? null : n.padStart(width, '0');
}

function decodeNumber(data: Buffer, encoding: 'ascii' | 'bcd'): string {
  if (encoding === 'bcd') return data.toString('hex').replace(/[a-f].*$/, '');
  return data.toString('latin1').replace(/[^0-9].*$/s, '');
}

/** Read the card number by the configured method. */
export async function readNumber(ch: CardChannel, m: Exclude<SmartcardNumberMethod, { method: 'estonian-eid' }>): Promise<string | null> {
  if (m.method === 'uid') return uidToNumber(await command(ch, GET_UID, 'GET UID'), m.format, m.digits);
  await command(ch, selectAid(hexBytes(m.aid)), 'SELECT AID');
  if (m.fileId) await command(ch, selectFile(hexBytes(m.fileId)), 'SELECT FILE');
  return decodeNumber(await command(ch, readBinary(m.offset, m.length), 'READ BINARY'), m.encoding);
}
