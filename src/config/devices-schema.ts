import { z } from 'zod';

/**
 * Device entries of the config file (GW-1, GW-4): receipt printers, magstripe readers and
 * smart-card readers. docs/devices.md explains each field with examples.
 */

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, - and _ only (1-64)').describe('Device id used in the API, e.g. "printer-1"');
const hex = (bytes: string) => z.string().regex(/^([0-9A-Fa-f]{2})+$/, `hex bytes, e.g. ${bytes}`);
const usbId = z.union([z.number().int().min(0).max(0xffff), z.string().regex(/^(0x)?[0-9A-Fa-f]{4}$/, 'a 4-digit hex id such as 04b8')]);

const serialTransport = z.strictObject({
  type: z.literal('serial'),
  path: z.string().min(1).describe('Serial device, e.g. /dev/ttyUSB0 or /dev/serial/by-id/…'),
  baudRate: z.number().int().min(300).max(921600).default(9600),
  rtscts: z.boolean().default(false).describe('Hardware flow control (RTS/CTS)'),
});
const tcpTransport = z.strictObject({
  type: z.literal('tcp'),
  host: z.string().min(1).describe('Printer address, e.g. 192.168.1.50'),
  port: z.number().int().min(1).max(65535).default(9100),
});
const fileTransport = z.strictObject({
  type: z.literal('file'),
  path: z.string().min(1).describe('Device file, e.g. /dev/usb/lp0'),
  readable: z.boolean().default(true).describe('Read status replies from the same file (bidirectional lp)'),
});
const usbTransport = z.strictObject({
  type: z.literal('usb'),
  vendorId: usbId.describe('USB vendor id, e.g. 04b8 (Epson)'),
  productId: usbId.optional().describe('USB product id; any printer of the vendor when absent'),
  serialNumber: z.string().optional(),
});

export const printerTransportSchema = z.discriminatedUnion('type', [serialTransport, tcpTransport, fileTransport, usbTransport]);

export const CODE_PAGES = ['cp437', 'cp850', 'cp858', 'cp852', 'cp866', 'cp737', 'cp1252', 'cp1253', 'cp1257', 'cp775'] as const;
export type CodePage = (typeof CODE_PAGES)[number];

const printerSchema = z.strictObject({
  id,
  kind: z.literal('printer'),
  name: z.string().max(120).optional(),
  transport: printerTransportSchema,
  paperWidth: z.union([z.literal(58), z.literal(80)]).default(80).describe('Paper width in mm: 58 (32 columns) or 80 (48 columns)'),
  columns: z.number().int().min(16).max(64).optional().describe('Characters per line in font A; overrides the paper width default'),
  codePages: z
    .array(z.enum(CODE_PAGES))
    .min(1)
    .default(['cp858', 'cp1252', 'cp1257', 'cp737'])
    .describe('Code pages to use, in order of preference; the encoder switches per character (ESC t)'),
  codePageTable: z
    .partialRecord(z.enum(CODE_PAGES), z.number().int().min(0).max(255))
    .default({})
    .describe('ESC t table numbers where the printer differs from Epson numbering'),
  status: z.boolean().default(true).describe('Ask the printer for its status (DLE EOT); false for write-only links'),
  statusIntervalMs: z.number().int().min(200).max(60_000).default(2000),
  cut: z.enum(['partial', 'full', 'none']).default('partial').describe('What {cut: true} does'),
});

const magstripeSchema = z.strictObject({
  id,
  kind: z.literal('magstripe'),
  name: z.string().max(120).optional(),
  transport: z.discriminatedUnion('type', [
    serialTransport,
    z.strictObject({
      type: z.literal('evdev'),
      path: z.string().min(1).describe('Input device of a keyboard-style reader, e.g. /dev/input/by-id/usb-…-event-kbd'),
    }),
  ]),
});

const numberMethod = z.discriminatedUnion('method', [
  z.strictObject({
    method: z.literal('uid'),
    format: z.enum(['hex', 'decimal', 'decimal-reversed']).default('decimal').describe('How the UID bytes become the card number'),
  }),
  z.strictObject({
    method: z.literal('file'),
    aid: hex('D2760000850101').describe('Application to SELECT'),
    fileId: hex('0101').optional().describe('Elementary file to SELECT after the application'),
    offset: z.number().int().min(0).max(0x7fff).default(0),
    length: z.number().int().min(1).max(255).default(0x10),
    encoding: z.enum(['ascii', 'bcd']).default('ascii'),
  }),
  z.strictObject({ method: z.literal('estonian-eid').describe('Personal code from the Estonian eID personal data file') }),
]);

const smartcardSchema = z.strictObject({
  id,
  kind: z.literal('smartcard'),
  name: z.string().max(120).optional(),
  reader: z.string().min(1).describe('Part of the PC/SC reader name (case-insensitive), e.g. "OMNIKEY 3121" or "Virtual PCD 00 00"'),
  number: numberMethod.prefault({ method: 'uid' }),
  idCard: z.enum(['none', 'estonian-eid']).default('none').describe('National ID card profile for GET /v1/devices/{id}/id-card (CUST-9)'),
});

export const deviceSchema = z.discriminatedUnion('kind', [printerSchema, magstripeSchema, smartcardSchema]);
export type DeviceConfig = z.infer<typeof deviceSchema>;
export type PrinterConfig = z.infer<typeof printerSchema>;
export type MagstripeConfig = z.infer<typeof magstripeSchema>;
export type SmartcardConfig = z.infer<typeof smartcardSchema>;
export type PrinterTransportConfig = PrinterConfig['transport'];
export type SerialTransportConfig = z.infer<typeof serialTransport>;
export type SmartcardNumberMethod = SmartcardConfig['number'];

/** A USB id written as number or hex string. */
export function parseUsbId(v: number | string): number {
  return typeof v === 'number' ? v : parseInt(v.replace(/^0x/, ''), 16);
}
