import { describe, expect, it } from 'vitest';
import { changedPaths, planReload } from '../../src/config/config-diff.js';
import { testConfig } from '../helpers/engine-fixture.js';

describe('config reload plan (GW-4)', () => {
  it('GW-4: an unchanged file changes nothing', () => {
    expect(planReload(testConfig(), testConfig())).toMatchObject({ other: [], restartRequired: [] });
  });

  it('GW-4: live changes are listed by path; what needs a restart keeps its old value in the config put in force', () => {
    const old = testConfig();
    const next = testConfig('logging: { level: debug }\noffline: { afterS: 30, storeBudget: 5 }\n');
    next.api.port = 9999;
    next.api.allowedHosts = ['till-box.lan'];
    next.database = { ...old.database, path: '/elsewhere.db' };
    const plan = planReload(old, next);
    expect(plan.other.sort()).toEqual(['api.allowedHosts', 'logging.level', 'offline.storeBudget']);
    expect(plan.restartRequired.sort()).toEqual(['api.port', 'database.path', 'offline.afterS']);
    expect(plan.inForce.api.port).toBe(old.api.port);
    expect(plan.inForce.database).toEqual(old.database);
    expect(plan.inForce.offline).toMatchObject({ afterS: old.offline.afterS, storeBudget: 5 });
    expect(plan.inForce.api.allowedHosts).toEqual(['till-box.lan']);
    expect(plan.inForce.logging.level).toBe('debug');
  });

  it('GW-4: adding central is restart-required and is not put in force; arrays compare whole', () => {
    const next = testConfig('central: { url: "https://central.example", token: "store-token-0123456789" }\n');
    const plan = planReload(testConfig(), next);
    expect(plan.restartRequired).toEqual(['central']);
    expect(plan.inForce.central).toBeUndefined();
    expect(changedPaths({ a: [1, 2] }, { a: [1, 3] })).toEqual(['a']);
  });
});
