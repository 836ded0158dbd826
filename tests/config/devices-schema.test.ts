import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { TEST_CONFIG_YAML } from '../helpers/engine-fixture.js';

describe('device config (GW-4)', () => {
  it('GW-4: each device kind and transport parses with its defaults', () => {
    const cfg = parseConfig(
      `${TEST_CONFIG_YAML}
devices:
  - { id: p1, kind: printer, transport: { type: tcp, host: 10.0.0.5 } }
  - { id: p2, kind: printer, transport: { type: usb, vendorId: "04b8" }, paperWidth: 58 }
  - { id: m1, kind: magstripe, transport: { type: evdev, path: /dev/input/event3 } }
  - { id: s1, kind: smartcard, reader: OMNIKEY }
`,
      'test.yaml',
    );
    expect(cfg.devices[0]).toMatchObject({
      transport: { port: 9100 },
      paperWidth: 80,
      codePages: ['cp858', 'cp1252', 'cp1257', 'cp737'],
      status: true,
      cut: 'partial',
    });
    expect(cfg.devices[1]).toMatchObject({ paperWidth: 58 });
    expect(cfg.devices[3]).toMatchObject({ number: { method: 'uid', format: 'decimal' }, idCard: 'none' });
  });

  it('GW-4: a wrong transport or field is reported with its line and path', () => {
    const yaml = `${TEST_CONFIG_YAML}
devices:
  - { id: p1, kind: printer, transport: { type: parallel, path: /dev/lp0 } }
  - { id: s1, kind: smartcard, reader: X, number: { method: file, aid: "XYZ" } }
`;
    let message = '';
    try {
      parseConfig(yaml, 'test.yaml');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/devices\.0\.transport/);
    expect(message).toMatch(/devices\.1\.number\.aid/);
    expect(message).toMatch(/test\.yaml:\d+/);
  });
});
