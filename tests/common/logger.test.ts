import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, logFormat, maskCard, maskDigits } from '../../src/common/logger.js';
import { withRequestId } from '../../src/common/request-context.js';

function capture() {
  const lines: string[] = [];
  const dest = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(chunk.toString());
      cb();
    },
  });
  return { lines, dest };
}

describe('logging', () => {
  it('GW-2: card numbers are masked to the last 4 digits', () => {
    expect(maskCard('6009000000000016')).toBe('************0016');
    expect(maskDigits('GET /v1/cards/6009000000000016/topups')).toBe('GET /v1/cards/************0016/topups');
    expect(maskDigits('receipt 1234567 of till 12')).toBe('receipt 1234567 of till 12');
  });

  it('GW-2: pino output never contains a card number or track data in clear', () => {
    const { lines, dest } = capture();
    const log = createLogger({ level: 'debug' }, dest);
    log.info({ cardNumber: '6009000000000016', track: '%B4111111111111111^DOE/J^2512?' }, 'read card 6009000000000016');
    log.info({ path: '/v1/cards/6009000000000016' }, 'request');
    const out = lines.join('');
    expect(out).not.toContain('6009000000000016');
    expect(out).not.toContain('4111111111111111');
    expect(out).toContain('0016');
  });
});

describe('log format and request ids (GW-7)', () => {
  it('GW-7: pretty only on a terminal outside production; JSON under systemd (no TTY) and in production', () => {
    expect(logFormat({ isTTY: true }, {})).toBe('pretty');
    expect(logFormat({ isTTY: true }, { NODE_ENV: 'development' })).toBe('pretty');
    expect(logFormat({ isTTY: true }, { NODE_ENV: 'production' })).toBe('json');
    expect(logFormat({ isTTY: false }, {})).toBe('json');
    expect(logFormat({}, {})).toBe('json');
  });

  it('GW-7: a line written inside a request, by any child logger, carries reqId; outside none does', () => {
    const { lines, dest } = capture();
    const log = createLogger({ level: 'info' }, dest);
    withRequestId('req-1', () => log.child({ component: 'engine' }).info('inside'));
    log.info('outside');
    const [inside, outside] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(inside).toMatchObject({ reqId: 'req-1', component: 'engine', msg: 'inside' });
    expect(outside).not.toHaveProperty('reqId');
  });
});
