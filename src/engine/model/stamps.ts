/**
 * CARD-3 `stamp` cards, API.md rule 6: each qualifying unit adds a stamp; a unit met while the
 * card holds `threshold − 1` stamps is free and the count restarts. With threshold 6 the 6th
 * pizza is free. Several rewards in one basket go to the cheapest qualifying units.
 *
 * Choices:
 * - Only active `stamp` cards collect, also outside the card's validity (CARD-4 withholds only
 *   the first discount); `card.stampPrograms` limits the programs (null = all).
 * - Programs are independent: a unit qualifying for two programs counts in both, but a unit is
 *   made free only once. A reward that finds no unit left stays on the card as stamps (the
 *   count may then reach `threshold`; the next qualifying unit is free).
 * - A count at or above the threshold (also after a threshold was lowered) gives a free unit on
 *   each next qualifying unit, using up `threshold − 1` stamps each time, until it is below.
 */
import { coversLine, type CompiledStampProgram } from './catalog.js';
import type { EvalCard, EvalLine, StampOutcome } from './evaluation-types.js';

/** How many of `units` qualifying units are free for a card holding `before` stamps. */
export function stampRewards(before: number, units: number, threshold: number): number {
  if (threshold < 1 || units <= 0) return 0;
  let c = Math.max(0, before);
  let rest = units;
  let rewards = 0;
  while (rest > 0 && c >= threshold) {
    c -= threshold - 1;
    rewards++;
    rest--;
  }
  return rest === 0 ? rewards : rewards + Math.floor((c + rest) / threshold);
}

/** Line indexes of `lines` covered by `p`, cheapest unit price first (then by index). */
function cheapestFirst(p: CompiledStampProgram, lines: readonly EvalLine[]): number[] {
  const idx: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (coversLine(p, l.sku, l.group)) idx.push(i);
  }
  return idx.sort((a, b) => lines[a]!.unitPrice - lines[b]!.unitPrice || a - b);
}

/**
 * Stamps for every program the card collects that has qualifying units in the basket.
 * `freeUnits[i]` (one slot per line, zero-filled) receives the units of line i made free.
 */
export function collectStamps(
  card: EvalCard,
  programs: readonly CompiledStampProgram[],
  counts: Readonly<Record<string, number>>,
  lines: readonly EvalLine[],
  freeUnits: number[],
): StampOutcome[] {
  const out: StampOutcome[] = [];
  for (const p of programs) {
    if (p.threshold < 1) continue;
    if (card.stampPrograms !== null && !card.stampPrograms.includes(p.id)) continue;
    let units = 0;
    for (const l of lines) if (coversLine(p, l.sku, l.group)) units += l.qty;
    if (units === 0) continue;
    const before = counts[p.id] ?? 0;
    const wanted = stampRewards(before, units, p.threshold);
    const free: { index: number; units: number }[] = [];
    let given = 0;
    if (wanted > 0) {
      for (const i of cheapestFirst(p, lines)) {
        if (given === wanted) break;
        const take = Math.min(wanted - given, lines[i]!.qty - freeUnits[i]!);
        if (take <= 0) continue;
        freeUnits[i] = freeUnits[i]! + take;
        given += take;
        free.push({ index: i, units: take });
      }
    }
    const earned = units - given;
    const consumed = given * (p.threshold - 1);
    out.push({ programId: p.id, name: p.name, threshold: p.threshold, before, earned, rewards: given, consumed, after: before + earned - consumed, free });
  }
  return out;
}
