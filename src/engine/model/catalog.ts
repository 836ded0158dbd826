/**
 * Master data precompiled for evaluation: covers become Sets, validities are parsed, the
 * `applied` object a line reports is built once. Compile when master data changes (the caller
 * caches the result, e.g. keyed by MasterDataRepo.changes), never per basket.
 */
import { compileValidity, type CompiledValidity } from './validity.js';
import { SKIP_CODES, type SkipCode, type SkippedDiscount } from './evaluation-types.js';
import { discountLabel, outcomeText, skipText } from './reasons.js';
import type { Covers, Discount, StampProgram } from './types.js';

/** Which products a rule covers, as Sets for O(1) lookups. */
export interface CompiledCovers {
  readonly all: boolean;
  readonly skus: ReadonlySet<string> | null;
  readonly groups: ReadonlySet<string> | null;
}

/** What a line reports as its applied discount. Shared and frozen: do not mutate. */
export interface AppliedDiscount {
  readonly discountId: string;
  readonly name: string;
  /** Basis points. */
  readonly percent: number;
}

/** A skipped discount as a line reports it, with its words. Shared: do not mutate. */
export interface SkipNote {
  readonly skipped: SkippedDiscount;
  readonly text: string;
}

export function skipNote(discountId: string, label: string, code: SkipCode): SkipNote {
  return { skipped: Object.freeze({ discountId, code }), text: skipText(label, code) };
}

export interface CompiledDiscount extends CompiledCovers {
  readonly id: string;
  readonly name: string;
  /** Basis points, clamped to 0..10000 so a line can never go below zero. */
  readonly percent: number;
  readonly validity: CompiledValidity | null;
  readonly applied: AppliedDiscount;
  /** Reason pieces built once, so evaluation builds no strings per discount. */
  readonly label: string;
  readonly skips: Readonly<Record<SkipCode, SkipNote>>;
  readonly texts: { readonly applied: string; readonly bonus: string; readonly pending: string };
}

export interface CompiledStampProgram extends CompiledCovers {
  readonly id: string;
  readonly name: string;
  readonly threshold: number;
}

export function compileCovers(c: Covers): CompiledCovers {
  if ('all' in c && c.all === true) return { all: true, skus: null, groups: null };
  const { skus, groups } = c as { skus?: string[]; groups?: string[] };
  return {
    all: false,
    skus: skus && skus.length > 0 ? new Set(skus) : null,
    groups: groups && groups.length > 0 ? new Set(groups) : null,
  };
}

/** Whether the covers include a product (by SKU, or by its group when the line names one). */
export function coversLine(c: CompiledCovers, sku: string, group: string | undefined): boolean {
  if (c.all) return true;
  if (c.skus !== null && c.skus.has(sku)) return true;
  return group !== undefined && c.groups !== null && c.groups.has(group);
}

export function compileDiscount(d: Discount): CompiledDiscount {
  const percent = Math.min(10_000, Math.max(0, Math.trunc(d.percent)));
  const label = discountLabel({ id: d.id, name: d.name, percent });
  const skips = {} as Record<SkipCode, SkipNote>;
  for (const code of SKIP_CODES) skips[code] = skipNote(d.id, label, code);
  return {
    ...compileCovers(d.covers),
    id: d.id,
    name: d.name,
    percent,
    validity: d.validity ? compileValidity(d.validity) : null,
    applied: Object.freeze({ discountId: d.id, name: d.name, percent }),
    label,
    skips,
    texts: {
      applied: outcomeText('discount_applied', label),
      bonus: outcomeText('bonus_credited', label),
      pending: outcomeText('card_payment_required', label),
    },
  };
}

export function compileStampProgram(p: StampProgram): CompiledStampProgram {
  return { ...compileCovers(p.covers), id: p.id, name: p.name, threshold: Math.trunc(p.threshold) };
}

/** Everything evaluation reads from master data, compiled once. */
export interface Catalog {
  readonly discounts: ReadonlyMap<string, CompiledDiscount>;
  readonly stampPrograms: readonly CompiledStampProgram[];
}

/** Compile master data; stamp programs keep the given order (sort them by id for stable output). */
export function compileCatalog(discounts: Iterable<Discount>, stampPrograms: Iterable<StampProgram>): Catalog {
  const d = new Map<string, CompiledDiscount>();
  for (const x of discounts) d.set(x.id, compileDiscount(x));
  const s: CompiledStampProgram[] = [];
  for (const p of stampPrograms) s.push(compileStampProgram(p));
  return { discounts: d, stampPrograms: s };
}
