import { compareHlcText } from './hlc.js';

/**
 * SYNC-7: a customer or card as central and the stores keep it for merging: the current value of
 * each field and the HLC of the write that set it. Edits merge per field: the later HLC wins
 * (ties are impossible: the HLC ends with the writer's node id).
 */
export interface FieldState {
  fields: Record<string, unknown>;
  hlc: Record<string, string>;
}

export interface FieldEdit {
  fields: Record<string, unknown>;
  hlc: string;
}

/** Apply one edit; returns the merged state and the names of the fields it changed. Pure. */
export function mergeFields(current: FieldState, edit: FieldEdit): { state: FieldState; changed: string[] } {
  const fields = { ...current.fields };
  const hlc = { ...current.hlc };
  const changed: string[] = [];
  for (const [name, value] of Object.entries(edit.fields)) {
    if (value === undefined) continue;
    const seen = hlc[name];
    if (seen !== undefined && compareHlcText(edit.hlc, seen) <= 0) continue;
    hlc[name] = edit.hlc;
    if (JSON.stringify(fields[name]) !== JSON.stringify(value)) changed.push(name);
    fields[name] = value;
  }
  return { state: { fields, hlc }, changed };
}
