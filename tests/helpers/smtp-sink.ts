import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A real SMTP server on 127.0.0.1 (smtp-server) that keeps what it accepts. */
export interface SmtpSink {
  port: number;
  received: ParsedMail[];
  /** RCPT TO attempts answered with a 4xx/5xx, per address. */
  rejected: Map<string, number>;
  close(): Promise<void>;
}

/**
 * Recipients steer the replies: `busy…@` is always 451, `nobody…@` is 550, `flaky…@` is 451 on
 * its first attempt only; everyone else is accepted.
 */
export async function smtpSink(): Promise<SmtpSink> {
  const received: ParsedMail[] = [];
  const rejected = new Map<string, number>();
  const seen = new Map<string, number>();
  const reject = (addr: string, code: number, message: string) => {
    rejected.set(addr, (rejected.get(addr) ?? 0) + 1);
    return Object.assign(new Error(message), { responseCode: code });
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, cb) {
      const addr = address.address;
      const n = (seen.get(addr) ?? 0) + 1;
      seen.set(addr, n);
      if (addr.startsWith('busy')) return cb(reject(addr, 451, 'mailbox busy, try later'));
      if (addr.startsWith('nobody')) return cb(reject(addr, 550, 'no such user'));
      if (addr.startsWith('flaky') && n === 1) return cb(reject(addr, 451, 'greylisted, try later'));
      cb();
    },
    onData(stream, _session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        simpleParser(Buffer.concat(chunks)).then(
          (m) => {
            received.push(m);
            cb();
          },
          (e: Error) => cb(e),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return { port, received, rejected, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
