import type { Db } from './db.js';

export type ClockedEntity = 'customer' | 'card';

interface Stored {
  base: string | null;
  fields: Record<string, string>;
}

/**
 * SYNC-7: the HLC of the write that set each field of a customer or card (local edit or pulled),
 * one row per record: a base clock (the create) plus only the fields set later by another clock,
 * so a million customers cost one short row each, not one row per field.
 */
export class FieldClocksRepo {
  constructor(private readonly db: Db) {}

  /** A new record: every field has the clock `hlc`. */
  stampAll(entity: ClockedEntity, key: string, hlc: string): void {
    this.write(entity, key, { base: hlc, fields: {} });
  }

  /** Stamp `names` of one record with `hlc`, in the transaction of the write itself. */
  stamp(entity: ClockedEntity, key: string, names: readonly string[], hlc: string): void {
    this.stampEach(entity, key, Object.fromEntries(names.map((n) => [n, hlc])));
  }

  /**
   * Stamp each named field with its own clock. `whole`: the clocks cover every field of a record
   * that had none (a record pulled whole, usually with one clock for most fields); the most
   * common one becomes the base. Otherwise fields not named keep having no known clock.
   */
  stampEach(entity: ClockedEntity, key: string, clocks: Readonly<Record<string, string>>, whole = false): void {
    const names = Object.keys(clocks);
    if (names.length === 0) return;
    const cur = this.read(entity, key) ?? { base: whole ? mostCommon(Object.values(clocks)) : null, fields: {} };
    for (const n of names) {
      if (clocks[n] === cur.base) delete cur.fields[n];
      else cur.fields[n] = clocks[n]!;
    }
    this.write(entity, key, cur);
  }

  /** Field name → HLC for the given fields of one record (a field with no known clock is absent). */
  get(entity: ClockedEntity, key: string, names: readonly string[]): Record<string, string> {
    const cur = this.read(entity, key);
    const out: Record<string, string> = {};
    if (!cur) return out;
    for (const n of names) {
      const h = cur.fields[n] ?? cur.base;
      if (h !== null) out[n] = h;
    }
    return out;
  }

  private read(entity: ClockedEntity, key: string): Stored | null {
    const r = this.db.prepare('SELECT base, fields FROM field_clocks WHERE entity = ? AND key = ?').get(entity, key) as
      | { base: string | null; fields: string }
      | undefined;
    return r ? { base: r.base, fields: JSON.parse(r.fields) as Record<string, string> } : null;
  }

  private write(entity: ClockedEntity, key: string, s: Stored): void {
    this.db
      .prepare(
        'INSERT INTO field_clocks (entity, key, base, fields) VALUES (?, ?, ?, ?) ON CONFLICT (entity, key) DO UPDATE SET base = excluded.base, fields = excluded.fields',
      )
      .run(entity, key, s.base, JSON.stringify(s.fields));
  }
}

function mostCommon(xs: readonly string[]): string | null {
  const counts = new Map<string, number>();
  let best: string | null = null;
  for (const x of xs) {
    const n = (counts.get(x) ?? 0) + 1;
    counts.set(x, n);
    if (best === null || n > (counts.get(best) ?? 0)) best = x;
  }
  return best;
}
