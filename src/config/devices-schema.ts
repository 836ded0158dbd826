import { z } from 'zod';

/**
 * Device entries of the config file (GW-1, GW-4): receipt printers, magstripe readers and
 * smart-card readers. docs/devices.md explains each field with examples.
 */

const id = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, - and _ only (1-64)')
  .describe('Device id used in the API, e.g. "printer-1"');
const hex = (bytes: string) => z.string().regex(/^([0-9A-Fa-f]{2})+$/, `hex bytes, e.g. ${bytes}`);
const usbId = z.union([z.number().int().min(0).max(0xffff), z.string().regex(/^(0x)?[0-9A-Fa-f]{4}$/, 'a 4-digit hex id such as 04b8')]);

const serialTransport = z.strictObject({
  type: z.literal('serial').describe('A serial port (RS-232 or USB serial adapter)'),
  path: z.string().min(1).describe('Serial device, e.g. /dev/ttyUSB0 or /dev/serial/by-id/…'),
  baudRate: z.number().int().min(300).max(921600).default(9600).describe('Line speed, as set on the device'),
  rtscts: z.boolean().default(false).describe('Hardware flow control (RTS/CTS)'),
});
const tcpTransport = z.strictObject({
  type: z.literal('tcp').describe('A network printer on its raw port'),
  host: z.string().min(1).describe('Printer address, e.g. 192.168.1.50'),
  port: z.number().int().min(1).max(65535).default(9100).describe('Raw printing port, usually 9100'),
});
const fileTransport = z.strictObject({
  type: z.literal('file').describe('A device file such as /dev/usb/lp0 (kernel usblp driver)'),
  path: z.string().min(1).describe('Device file, e.g. /dev/usb/lp0'),
  readable: z.boolean().default(true).describe('Read status replies from the same file (bidirectional lp)'),
});
const usbTransport = z.strictObject({
  type: z.literal('usb').describe('A USB printer driven directly (libusb)'),
  vendorId: usbId.describe('USB vendor id, e.g. 04b8 (Epson)'),
  productId: usbId.optional().describe('USB product id; any printer of the vendor when absent'),
  serialNumber: z.string().optional().describe('USB serial number, to tell two identical printers apart'),
});

export const printerTransportSchema = z.discriminatedUnion('type', [serialTransport, tcpTransport, fileTransport, usbTransport]);

export const CODE_PAGES = ['cp437', 'cp850', 'cp858', 'cp852', 'cp866', 'cp737', 'cp1252', 'cp1253', 'cp1257', 'cp775'] as const;
export type CodePage = (typeof CODE_PAGES)[number];

const printerSchema = z.strictObject({
  id,
  kind: z.literal('printer').describe('An ESC/POS receipt printer (GW-3)'),
  name: z.string().max(120).optional().describe('A name for technicians and logs'),
  transport: printerTransportSchema.describe('How the printer is reached'),
  paperWidth: z
    .union([z.literal(58), z.literal(80)])
    .default(80)
    .describe('Paper width in mm: 58 (32 columns) or 80 (48 columns)'),
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
  statusIntervalMs: z.number().int().min(200).max(60_000).default(2000).describe('How often the printer is asked for its status (paper, cover, errors)'),
  writeTimeoutMs: z
    .number()
    .int()
    .min(100)
    .max(120_000)
    .default(10_000)
    .describe('Longest the printer may take to accept each 1 KiB of a job; past it the link counts as stalled and the job as in_doubt'),
  cut: z.enum(['partial', 'full', 'none']).default('partial').describe('What {cut: true} does'),
});

const magstripeSchema = z.strictObject({
  id,
  kind: z.literal('magstripe').describe('A magnetic stripe reader (GW-1, GW-2)'),
  name: z.string().max(120).optional().describe('A name for technicians and logs'),
  transport: z
    .discriminatedUnion('type', [
      serialTransport,
      z.strictObject({
        type: z.literal('evdev').describe('A keyboard-style USB reader, read through its input device'),
        path: z.string().min(1).describe('Input device of a keyboard-style reader, e.g. /dev/input/by-id/usb-…-event-kbd'),
      }),
    ])
    .describe('How the reader is reached'),
});

const numberMethod = z.discriminatedUnion('method', [
  z.strictObject({
    method: z.literal('uid').describe('The card number is the card UID (NFC/MIFARE)'),
    format: z
      .enum(['hex', 'hex-reversed', 'decimal', 'decimal-reversed'])
      .default('decimal')
      .describe(
        'How the UID bytes become the card number, as keyboard-wedge readers emit it: hex digits, or the bytes as one decimal number; -reversed takes the bytes in reverse order (LSB first)',
      ),
    digits: z
      .number()
      .int()
      .min(1)
      .max(30)
      .optional()
      .describe(
        'Fixed width of a decimal number, zero-padded (e.g. 10 for the common "10-digit" mode); default: as many digits as the UID length can need (4 bytes: 10, 7 bytes: 17)',
      ),
  }),
  z.strictObject({
    method: z.literal('file').describe('The card number is read from a file on the card'),
    aid: hex('D2760000850101').describe('Application to SELECT'),
    fileId: hex('0101').optional().describe('Elementary file to SELECT after the application'),
    offset: z.number().int().min(0).max(0x7fff).default(0).describe('Byte offset of the number in the file'),
    length: z.number().int().min(1).max(255).default(0x10).describe('Bytes to read'),
    encoding: z.enum(['ascii', 'bcd']).default('ascii').describe('How the digits are stored'),
  }),
  z.strictObject({ method: z.literal('estonian-eid').describe('Personal code from the Estonian eID personal data file') }),
]);

const smartcardSchema = z.strictObject({
  id,
  kind: z.literal('smartcard').describe('A PC/SC smart-card reader (needs pcscd)'),
  name: z.string().max(120).optional().describe('A name for technicians and logs'),
  reader: z.string().min(1).describe('Part of the PC/SC reader name (case-insensitive), e.g. "OMNIKEY 3121" or "Virtual PCD 00 00"'),
  number: numberMethod.prefault({ method: 'uid' }).describe('How a card in this reader becomes a loyalty card number'),
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
