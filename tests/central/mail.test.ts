import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/common/logger.js';
import { newId } from '../../src/common/ids.js';
import { MailSender } from '../../src/central/mail/sender.js';
import type { EventEnvelope } from '../../src/sync/protocol/index.js';
import { adminReq, centralFixture, createStore, pushBody, storeReq, StoreStream, type CentralFixture } from '../helpers/central-fixture.js';
import { requireStack, STACKS } from '../helpers/require-stack.js';
import { smtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { waitFor } from '../helpers/wait-for.js';

const hasPg = requireStack(STACKS.postgres);

const smtpYaml = (port: number) =>
  `smtp: { host: 127.0.0.1, port: ${port}, from: "Tillgate Stores <receipts@example.com>", currency: EUR, timeZone: Europe/Berlin, maxAttempts: 3, retryMinMs: 20, retryMaxMs: 200, pollMs: 200 }`;

/** A receipt.closed event, e-mailed to `to` when given. */
function receipt(s: StoreStream, receiptNo: string, to?: string): EventEnvelope {
  return s.event('receipt.closed', {
    tillId: 'till-2',
    receiptNo,
    totals: { gross: 1550, discount: 300, net: 1250 },
    payments: [{ method: 'cash', amount: 1250 }],
    lines: [
      { index: 0, sku: 'COFFEE-1KG', qty: 1, unitPrice: 1200, gross: 1200, discount: 300, net: 900 },
      { index: 1, sku: 'MILK-1L', qty: 2, unitPrice: 175, gross: 350, discount: 0, net: 350 },
    ],
    ...(to ? { emailReceipt: { to } } : {}),
  });
}

type MailRow = { status: string; attempts: number; last_error: string | null };

function startSenders(f: CentralFixture): MailSender[] {
  return f.nodes.map((n) => new MailSender(n.db, f.config.smtp!, silentLogger()));
}

describe.skipIf(!hasPg)('central e-mail receipts (one node)', () => {
  let smtp: SmtpSink;
  let f: CentralFixture;
  let senders: MailSender[] = [];
  let token: string;
  const s = new StoreStream('s1');
  beforeAll(async () => {
    smtp = await smtpSink();
    f = await centralFixture(1, smtpYaml(smtp.port));
    token = await createStore(f.nodes[0]!.app, 's1');
    senders = startSenders(f);
    await Promise.all(senders.map((x) => x.start()));
  });
  afterAll(async () => {
    await Promise.all(senders.map((x) => x.stop()));
    await f?.close();
    await smtp?.close();
  });
  const app = () => f.nodes[0]!.app;
  const db = () => f.nodes[0]!.db;
  const mailRow = async (eventId: string) =>
    (await db().query<MailRow>('SELECT status, attempts, last_error FROM mail_queue WHERE event_id = $1', [eventId]))[0];
  const push = async (events: EventEnvelope[]) => {
    const r = await storeReq(app(), token, 'POST', '/sync/v1/push', pushBody('s1', events));
    expect(r.status).toBe(200);
    return (await r.json()) as { ackedSeq: number };
  };

  it('CUST-11, SYNC-2: a pushed receipt with emailReceipt produces exactly one mail with the right To, subject and body', async () => {
    const plain = receipt(s, 'R-0041');
    const mailed = receipt(s, 'R-0042', 'anna@example.com');
    await push([plain, mailed]);
    expect(await db().query('SELECT event_id FROM mail_queue')).toEqual([{ event_id: mailed.eventId }]);
    await waitFor(async () => (await mailRow(mailed.eventId))?.status === 'sent', 'the mail sent');
    expect(smtp.received).toHaveLength(1);
    const m = smtp.received[0]!;
    expect(m.to && !Array.isArray(m.to) ? m.to.value.map((a) => a.address) : null).toEqual(['anna@example.com']);
    expect(m.from?.value[0]?.address).toBe('receipts@example.com');
    expect(m.subject).toBe('Your receipt R-0042 from Store s1');
    expect(m.messageId).toBe(`<${mailed.eventId}@tillgate>`);
    const text = m.text ?? '';
    expect(text).toContain('Receipt R-0042');
    expect(text).toContain('Store: Store s1 (s1)');
    expect(text).toContain('Till: till-2');
    expect(text).toContain('22 Nov 2026'); // the event's date, in the configured time zone
    expect(text).toContain('1 x COFFEE-1KG @ €12.00  €9.00  (discount -€3.00)');
    expect(text).toContain('2 x MILK-1L @ €1.75  €3.50');
    expect(text).toContain('To pay: €12.50');
    expect(text).toContain('Paid (cash): €12.50');
    expect(m.html).toContain('<h2>Receipt R-0042</h2>');
    expect(m.html).toContain('COFFEE-1KG');
    expect(m.html).toContain('€12.50');
  });

  it('CUST-11, SYNC-2: a resent batch queues and sends nothing again', async () => {
    const first = receipt(s, 'R-0050', 'bert@example.com');
    const batch = [first];
    const { ackedSeq } = await push(batch);
    expect(await push(batch)).toEqual({ ackedSeq }); // the store retried after a lost reply
    const later = receipt(s, 'R-0051', 'bert@example.com');
    await push([later]);
    await waitFor(async () => (await mailRow(later.eventId))?.status === 'sent' && (await mailRow(first.eventId))?.status === 'sent', 'both mails sent');
    const [{ n } = { n: -1 }] = await db().query<{ n: number }>("SELECT count(*)::int AS n FROM mail_queue WHERE to_addr = 'bert@example.com'");
    expect(n).toBe(2);
    const toBert = smtp.received.filter((m) => m.subject?.startsWith('Your receipt R-005'));
    expect(toBert.map((m) => m.subject).sort()).toEqual(['Your receipt R-0050 from Store s1', 'Your receipt R-0051 from Store s1']);
  });

  it('CUST-11: an SMTP server answering 451 leads to a retry and then the mail goes out; ingest never waits for mail', async () => {
    const e = receipt(s, 'R-0060', 'flaky@example.com');
    await push([e]); // acknowledged before any SMTP conversation
    await waitFor(async () => (await mailRow(e.eventId))?.status === 'sent', 'the mail sent after a retry');
    expect(await mailRow(e.eventId)).toMatchObject({ status: 'sent', attempts: 2 });
    expect((await mailRow(e.eventId))?.last_error).toMatch(/^451 /);
    expect(smtp.rejected.get('flaky@example.com')).toBe(1);
    expect(smtp.received.filter((m) => m.subject?.includes('R-0060'))).toHaveLength(1);
  });

  it('CUST-11: a mail refused for good (550 at once, 451 until maxAttempts) is failed and listed by GET /v1/admin/mail?status=failed', async () => {
    const gone = receipt(s, 'R-0070', 'nobody@example.com');
    const busy = receipt(s, 'R-0071', 'busy@example.com');
    await push([gone, busy]);
    await waitFor(async () => (await mailRow(gone.eventId))?.status === 'failed' && (await mailRow(busy.eventId))?.status === 'failed', 'both mails given up');
    expect(await mailRow(gone.eventId)).toMatchObject({ status: 'failed', attempts: 1 });
    expect(await mailRow(busy.eventId)).toMatchObject({ status: 'failed', attempts: 3 });
    const r = await adminReq(app(), 'GET', '/v1/admin/mail?status=failed');
    expect(r.status).toBe(200);
    const { items } = (await r.json()) as { items: { eventId: string; to: string; status: string; attempts: number; lastError: string }[] };
    expect(items.map((i) => [i.eventId, i.to, i.attempts]).sort()).toEqual(
      [
        [gone.eventId, 'nobody@example.com', 1],
        [busy.eventId, 'busy@example.com', 3],
      ].sort(),
    );
    expect(items.find((i) => i.eventId === gone.eventId)?.lastError).toMatch(/^550 /);
    const bad = await adminReq(app(), 'GET', '/v1/admin/mail?status=lost');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe('status');
  });

  it('CUST-11: a mail claimed by a node that died is sent once its claim runs out', async () => {
    const e = receipt(s, 'R-0080', 'carl@example.com');
    // Stop this node's sender so the row can be put into a dead node's hands first.
    await Promise.all(senders.map((x) => x.stop()));
    await push([e]);
    await db().query(
      "UPDATE mail_queue SET status = 'sending', attempts = 1, lease_owner = $2, next_attempt_at = now() - interval '1 second' WHERE event_id = $1",
      [e.eventId, newId()],
    );
    senders = startSenders(f);
    await Promise.all(senders.map((x) => x.start()));
    await waitFor(async () => (await mailRow(e.eventId))?.status === 'sent', 'the orphaned mail sent');
    expect(await mailRow(e.eventId)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(smtp.received.filter((m) => m.subject?.includes('R-0080'))).toHaveLength(1);
  });
});

describe.skipIf(!hasPg)('central e-mail receipts (two nodes)', () => {
  let smtp: SmtpSink;
  let f: CentralFixture;
  let senders: MailSender[] = [];
  beforeAll(async () => {
    smtp = await smtpSink();
    f = await centralFixture(2, smtpYaml(smtp.port));
    senders = [...startSenders(f), ...startSenders(f)]; // two senders per node: four claimers on one queue
    await Promise.all(senders.map((x) => x.start()));
  });
  afterAll(async () => {
    await Promise.all(senders.map((x) => x.stop()));
    await f?.close();
    await smtp?.close();
  });

  it("CUST-11, SYNC-2, SYNC-10: two central nodes' senders never send the same mail twice", async () => {
    const stores = ['m1', 'm2'];
    const tokens = await Promise.all(stores.map((id) => createStore(f.nodes[0]!.app, id)));
    const ids: string[] = [];
    await Promise.all(
      stores.map(async (id, si) => {
        const s = new StoreStream(id);
        for (let b = 0; b < 5; b++) {
          const events = Array.from({ length: 8 }, (_, i) => receipt(s, `${id}-${b}-${i}`, `guest${si}.${b}.${i}@example.com`));
          ids.push(...events.map((e) => e.eventId));
          const r = await storeReq(f.nodes[(si + b) % 2]!.app, tokens[si]!, 'POST', '/sync/v1/push', pushBody(id, events));
          expect(r.status).toBe(200);
        }
      }),
    );
    const db = f.nodes[1]!.db;
    await waitFor(
      async () => (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM mail_queue WHERE status = 'sent'"))[0]?.n === 80,
      'all 80 mails sent',
      30_000,
    );
    expect(smtp.received).toHaveLength(80);
    expect(new Set(smtp.received.map((m) => m.messageId))).toEqual(new Set(ids.map((id) => `<${id}@tillgate>`)));
    const [{ attempts } = { attempts: -1 }] = await db.query<{ attempts: number }>('SELECT sum(attempts)::int AS attempts FROM mail_queue');
    expect(attempts).toBe(80);
  });
});
