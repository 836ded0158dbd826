import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoggedEvent } from '../../../src/common/event-log.js';
import { silentLogger } from '../../../src/common/logger.js';
import { deviceSchema } from '../../../src/config/devices-schema.js';
import { DeviceHub } from '../../../src/drivers/hub.js';
import { MemoryPrintJournal } from '../../../src/drivers/print-journal.js';
import { TestPcscd, freePortPair } from '../../helpers/pcscd.js';
import { requireStack, STACKS } from '../../helpers/require-stack.js';
import { VirtualCard, estonianEidCard, fileCard, uidCard } from '../../helpers/virtual-card.js';
import { waitFor } from '../../helpers/wait-for.js';

const ok = requireStack(STACKS.pcsclite, STACKS.pcscd, STACKS.vpcd, STACKS.unshare);
const uid = (n: number) => Buffer.from(n.toString(16).padStart(8, '0'), 'hex');

describe.skipIf(!ok)('PC/SC through a real pcscd with vpcd virtual cards (GW-1, GW-2, CUST-9)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tg-pcsc-'));
  let pcscd: TestPcscd;
  let hub: DeviceHub;
  let port: number;
  const events = (type: string): LoggedEvent[] => hub.events.since(0).filter((e) => e.type === type);

  beforeAll(async () => {
    port = await freePortPair();
    pcscd = new TestPcscd(dir, port);
    pcscd.useInThisProcess();
    await pcscd.start();
    hub = new DeviceHub({
      devices: [
        deviceSchema.parse({ id: 'nfc', kind: 'smartcard', reader: 'virtual pcd 00 00', number: { method: 'uid', format: 'decimal' } }),
        deviceSchema.parse({
          id: 'idreader',
          kind: 'smartcard',
          reader: 'Virtual PCD 00 01',
          number: { method: 'file', aid: 'F0010203', fileId: '0101', length: 10 },
          idCard: 'estonian-eid',
        }),
        deviceSchema.parse({ id: 'ghost', kind: 'smartcard', reader: 'No Such Reader' }),
      ],
      cardSchemes: [{ id: 'loyalty', prefix: '27', length: 10, luhn: false }],
      logger: silentLogger(),
      journal: new MemoryPrintJournal(),
      resolveCard: (n) => (n === '2712345678' ? { number: n, customerId: 'c-1' } : null),
      backoff: { minMs: 100, maxMs: 500 },
    });
    await hub.start();
    await waitFor(() => hub.get('nfc').state === 'ready' && hub.get('idreader').state === 'ready', 'readers ready');
  });

  afterAll(async () => {
    await hub?.stop();
    await pcscd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('GW-1: readers are matched by name; an empty reader at start is not a removal; no match is disconnected', () => {
    expect(hub.get('ghost')).toMatchObject({ state: 'disconnected', detail: expect.stringMatching(/no PC\/SC reader matches/) });
    expect(events('card.removed')).toEqual([]);
  });

  it('GW-2: insert → card.read with the UID number resolved to the customer card; remove → card.removed; reinsert another', async () => {
    const card = new VirtualCard(port, uidCard(uid(2712345678)));
    await card.insert();
    await waitFor(() => events('card.read').length === 1, 'card.read');
    expect(events('card.read')[0]!.data).toEqual({
      deviceId: 'nfc',
      source: 'smartcard',
      cardNumber: '2712345678',
      scheme: 'loyalty',
      card: { number: '2712345678', customerId: 'c-1' },
    });
    await card.remove();
    await waitFor(() => events('card.removed').length === 1, 'card.removed');
    const other = new VirtualCard(port, uidCard(uid(2799999999)));
    await other.insert();
    await waitFor(() => events('card.read').length === 2, 'second card.read');
    expect(events('card.read')[1]!.data).toMatchObject({ cardNumber: '2799999999' });
    expect(events('card.read')[1]!.data).not.toHaveProperty('card');
    await other.remove();
    await waitFor(() => events('card.removed').length === 2, 'second removal');
  });

  it('GW-2: a card whose number fits no scheme becomes card.rejected without the number', async () => {
    const before = events('card.rejected').length;
    const bank = new VirtualCard(port, uidCard(uid(1234567890)));
    await bank.insert();
    await waitFor(() => events('card.rejected').length === before + 1, 'card.rejected');
    const e = events('card.rejected').at(-1)!;
    expect(e.data).toEqual({ deviceId: 'nfc', source: 'smartcard', reason: 'unknown_scheme' });
    expect(JSON.stringify(hub.events.since(0))).not.toContain('1234567890');
    await bank.remove();
  });

  it('GW-2: SELECT AID + READ BINARY of a configured file gives the number', async () => {
    const card = new VirtualCard(port + 1, fileCard({ F0010203: Buffer.alloc(0), '0101': Buffer.from('2700000042', 'ascii') }));
    const before = events('card.read').length;
    await card.insert();
    await waitFor(() => events('card.read').length === before + 1, 'file card read');
    expect(events('card.read').at(-1)!.data).toMatchObject({ deviceId: 'idreader', cardNumber: '2700000042' });
    expect(card.apdus.slice(0, 3)).toEqual(['00a4040004f001020300', '00a4020c020101', '00b000000a']);
    await card.remove();
    await waitFor(() => events('card.removed').some((e) => (e.data as { deviceId: string }).deviceId === 'idreader'), 'removal seen');
  });

  it('CUST-9: the Estonian eID personal data file gives names, gender, personal code and birth date', async () => {
    await expect(hub.readIdCard('idreader')).rejects.toMatchObject({ code: 'id_card_absent' });
    const eid = new VirtualCard(
      port + 1,
      estonianEidCard({ surname: 'JÕEORG', firstName: 'JAAK-KRISTJAN', sex: 'M', citizenship: 'EST', birth: '03 03 1971 EST', personalCode: '37103030000' }),
    );
    await eid.insert();
    await waitFor(() => hub.events.since(0).some((e) => e.type === 'card.rejected' && (e.data as { deviceId: string }).deviceId === 'idreader'), 'insert seen');
    await expect(hub.readIdCard('idreader')).resolves.toEqual({
      firstName: 'JAAK-KRISTJAN',
      lastName: 'JÕEORG',
      gender: 'male',
      personalCode: '37103030000',
      birthDate: '1971-03-03',
      citizenship: 'EST',
    });
    await expect(hub.readIdCard('nfc')).rejects.toMatchObject({ code: 'id_card_not_supported' });
    await eid.remove();
  });

  it('GW-1: after pcscd restarts, a new context is made and cards are read again', async () => {
    await pcscd.stop();
    await waitFor(() => hub.get('nfc').state === 'disconnected', 'disconnected while pcscd is down');
    await pcscd.start();
    await waitFor(() => hub.get('nfc').state === 'ready', 'ready after pcscd restart');
    const before = events('card.read').length;
    const card = new VirtualCard(port, uidCard(uid(2712345678)));
    await card.insert();
    await waitFor(() => events('card.read').length === before + 1, 'card.read after restart');
    await card.remove();
  });
});
