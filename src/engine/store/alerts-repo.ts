import type { Db } from './db.js';

export interface Alert {
  id: number;
  at: string;
  code: string;
  message: string;
  data: Record<string, unknown>;
}

/** Back-office alerts (VOUCH-5): appended inside the transaction that noticed the problem. */
export class AlertsRepo {
  constructor(private readonly db: Db) {}

  insert(a: Omit<Alert, 'id'>): number {
    const r = this.db.prepare('INSERT INTO alerts (at, code, message, data) VALUES (?, ?, ?, ?)').run(a.at, a.code, a.message, JSON.stringify(a.data));
    return Number(r.lastInsertRowid);
  }

  /** Newest first; `before` is the keyset cursor (an alert id). */
  list(limit: number, before?: number): Alert[] {
    const rows = this.db
      .prepare('SELECT id, at, code, message, data FROM alerts WHERE id < ? ORDER BY id DESC LIMIT ?')
      .all(before ?? Number.MAX_SAFE_INTEGER, limit) as { id: number; at: string; code: string; message: string; data: string }[];
    return rows.map((r) => ({ id: r.id, at: r.at, code: r.code, message: r.message, data: JSON.parse(r.data) as Record<string, unknown> }));
  }
}
