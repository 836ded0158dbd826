import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

/** Any run of 8+ digits (a card or track number) keeps only its last 4 digits. */
const LONG_DIGITS = /\d{8,}/g;

/** Mask a card number to its last 4 digits: "************0017". */
export function maskCard(number: string): string {
  if (number.length <= 4) return '*'.repeat(number.length);
  return '*'.repeat(number.length - 4) + number.slice(-4);
}

/** Mask every long digit run in free text (paths, messages). */
export function maskDigits(text: string): string {
  return text.replace(LONG_DIGITS, (m) => maskCard(m));
}

export function createLogger(opts: { level?: string; name?: string } = {}, dest?: NodeJS.WritableStream): Logger {
  const options: LoggerOptions = {
    level: opts.level ?? 'info',
    name: opts.name ?? 'tillgate',
    // Card numbers and track data never reach the log in clear.
    redact: { paths: ['cardNumber', '*.cardNumber', 'card', 'track', '*.track', 'req.headers.authorization'], censor: '[masked]' },
    hooks: {
      // Messages are masked before formatting: a card number typed into a message never lands.
      logMethod(args, method) {
        method.apply(this, args.map((a) => (typeof a === 'string' ? maskDigits(a) : a)) as Parameters<typeof method>);
      },
    },
    formatters: {
      log(obj) {
        if (typeof obj.path === 'string') obj.path = maskDigits(obj.path);
        return obj;
      },
    },
  };
  return dest ? pino(options, dest as pino.DestinationStream) : pino(options);
}

/** A logger that writes nothing, for tests. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
