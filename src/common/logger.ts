import { createRequire } from 'node:module';
import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { currentRequestId } from './request-context.js';

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

export type LogFormat = 'json' | 'pretty';

/**
 * JSON lines (for journald and log shippers) unless a person is watching: pretty only when
 * stdout is a terminal and NODE_ENV is not `production`. Under systemd stdout is never a TTY.
 */
export function logFormat(stdout: { isTTY?: boolean }, env: Record<string, string | undefined>): LogFormat {
  return stdout.isTTY === true && env.NODE_ENV !== 'production' ? 'pretty' : 'json';
}

/** pino-pretty, loaded only when a terminal wants it (it is not on the JSON path at all). */
function prettyStream(): DestinationStream {
  const require = createRequire(import.meta.url);
  const pretty = require('pino-pretty') as typeof import('pino-pretty');
  return pretty.build({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', sync: true });
}

export interface LoggerSettings {
  level?: string;
  name?: string;
  /** Default: logFormat(process.stdout, process.env). Ignored when a destination is given. */
  format?: LogFormat;
}

export function createLogger(opts: LoggerSettings = {}, dest?: NodeJS.WritableStream): Logger {
  const options: LoggerOptions = {
    level: opts.level ?? 'info',
    name: opts.name ?? 'tillgate',
    // Every line written while a request is handled names it (X-Request-Id), engine lines included.
    mixin() {
      const reqId = currentRequestId();
      return reqId === undefined ? {} : { reqId };
    },
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
  if (dest) return pino(options, dest as DestinationStream);
  return (opts.format ?? logFormat(process.stdout, process.env)) === 'pretty' ? pino(options, prettyStream()) : pino(options);
}

/** A logger that writes nothing, for tests. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
