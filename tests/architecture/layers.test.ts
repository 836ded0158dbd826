import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The layer rules of docs/architecture.md are ESLint rules, so `npm test` (which lints) fails on
 * a breach. These cases prove each rule really fires, on code as it would be written in that
 * folder, without touching the tree.
 */
const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });

async function problems(filePath: string, code: string): Promise<string[]> {
  const [r] = await eslint.lintText(code, { filePath });
  return (r?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax').map((m) => m.message);
}

describe('layers are enforced by lint (issue 10)', () => {
  it.each([
    [
      'drivers never import the engine',
      'src/drivers/printer/x.ts',
      "import { cardView } from '../../engine/cards/card-view.js';\nexport const f = cardView;\n",
    ],
    [
      'the store never imports drivers',
      'src/engine/store/x.ts',
      "import type { PrintJournal } from '../../drivers/print-journal.js';\nexport type J = PrintJournal;\n",
    ],
    ['the store never imports engine use cases', 'src/engine/store/x.ts', "import { cardView } from '../cards/card-view.js';\nexport const f = cardView;\n"],
    ['the model never imports the store', 'src/engine/model/x.ts', "import type { Db } from '../store/db.js';\nexport type D = Db;\n"],
    ['the API never imports the store', 'src/api/x.ts', "import type { Db } from '../engine/store/db.js';\nexport type D = Db;\n"],
    ['common imports nothing of ours', 'src/common/x.ts', "import type { Config } from '../config/schema.js';\nexport type C = Config;\n"],
    ['central never imports libSQL or the store', 'src/central/x.ts', "import Database from 'libsql';\nexport const d = Database;\n"],
    ['engine never imports the sync client', 'src/engine/cards/x.ts', "import { start } from '../../sync/client/push.js';\nexport const s = start;\n"],
  ])('%s', async (_name, file, code) => {
    expect((await problems(file, code)).join('\n')).toMatch(/layer breach|must not/);
  });

  it('SQL outside src/engine/store, and the database handle in src/api, are lint errors', async () => {
    expect(await problems('src/engine/cards/x.ts', "export const f = (db: { prepare(s: string): unknown }) => db.prepare('SELECT 1');\n")).toEqual([
      expect.stringMatching(/SQL lives in src\/engine\/store/),
    ]);
    expect(await problems('src/api/x.ts', 'export const f = (ctx: { store: { db: object } }) => ctx.store.db;\n')).toEqual([
      expect.stringMatching(/never the store database/),
    ]);
    // A regular expression's exec is not SQL.
    expect(await problems('src/drivers/x.ts', 'export const f = (s: string) => /a/.exec(s);\n')).toEqual([]);
  });

  it('allowed directions pass: api → engine use cases, engine → model and store, central → sync protocol', async () => {
    expect(await problems('src/api/x.ts', "import { cardView } from '../engine/cards/card-view.js';\nexport const f = cardView;\n")).toEqual([]);
    expect(
      await problems(
        'src/engine/cards/x.ts',
        "import type { Db } from '../store/db.js';\nimport type { Card } from '../model/types.js';\nexport type T = [Db, Card];\n",
      ),
    ).toEqual([]);
    expect(await problems('src/central/x.ts', "import { hlcSend } from '../sync/hlc.js';\nexport const h = hlcSend;\n")).toEqual([]);
  });
});
