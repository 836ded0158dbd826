/**
 * Basket evaluation (API.md "Evaluation rules"; CARD-3..7, CUST-4, CUST-8). Pure: no I/O, the
 * caller passes the card, customer, balances and compiled master data, and turns the result
 * into the evaluate response or the receipt's ledger entries.
 *
 * Per basket: store-local time once, then each of the card's discounts is checked once for
 * everything that does not depend on the line (unknown, card validity for the first entry,
 * own validity, birthday window). Per line only the covers (Set lookups) are left.
 *
 * Card types: discount, discount_payment, stamp and service cards deduct their discounts;
 * bonus cards credit them as bonus; credit cards deduct them only when paid with the card.
 * Blocked cards give no benefits (reported, not rejected); ordered cards are usable (CARD-15).
 */
import { localTime, type LocalTime } from '../../common/clock.js';
import { percentOf } from '../../common/money.js';
import { inBirthdayWindow } from './birthday.js';
import { coversLine, skipNote, type AppliedDiscount, type CompiledDiscount, type SkipNote } from './catalog.js';
import type { EvalCard, EvalCustomer, EvalInput, EvalResult, EvaluatedLine, LineOutcome, SkipCode, SkippedDiscount } from './evaluation-types.js';
import { paymentOutcome } from './payment.js';
import { freeText, outcomeText } from './reasons.js';
import { collectStamps } from './stamps.js';
import { admits, withinValidity } from './validity.js';

/** What a line paid with bonus reports as its applied discount (CARD-3 bonus: −100 %). */
export const BONUS_PAYMENT: AppliedDiscount = Object.freeze({ discountId: '@bonus-payment', name: 'Paid with bonus', percent: 10_000 });

/** One entry of the card's discount list, checked once per basket. */
interface Entry {
  readonly discount: CompiledDiscount | null;
  /** Set when the entry is out for the whole basket. */
  readonly skip: SkipNote | null;
  readonly notCovered: SkipNote | null;
}

/** How a card treats the discount its list resolves to. */
type Mode = 'deduct' | 'bonus' | 'pending';

function entryFor(card: EvalCard, index: number, customer: EvalCustomer | null, input: EvalInput, lt: LocalTime, cardValid: boolean): Entry {
  const ref = card.discounts[index]!;
  const d = input.catalog.discounts.get(ref.discountId);
  if (d === undefined) return { discount: null, skip: skipNote(ref.discountId, ref.discountId, 'unknown_discount'), notCovered: null };
  let code: SkipCode | null = null;
  if (index === 0 && !cardValid) code = 'card_validity';
  else if (d.validity !== null && !admits(d.validity, lt)) code = 'outside_validity';
  else if (ref.birthday === true) {
    const born = customer?.birthDate ?? null;
    if (born === null) code = 'no_birth_date';
    else if (!inBirthdayWindow(born, card.birthdayWindow, lt)) code = 'outside_birthday_window';
  }
  return { discount: d, skip: code === null ? null : d.skips[code], notCovered: d.skips.not_covered };
}

/**
 * CARD-14: the tier discount, when the customer has a level and it is usable now: it is the
 * customer's primary discount, so like the first entry of a card it is gated by the card's
 * validity (CARD-4), and by its own validity.
 */
function tierEntry(input: EvalInput, lt: LocalTime, cardValid: boolean): CompiledDiscount | null {
  if (!input.tierDiscountId || !cardValid) return null;
  const d = input.catalog.discounts.get(input.tierDiscountId);
  if (d === undefined || (d.validity !== null && !admits(d.validity, lt))) return null;
  return d;
}

/** Sets a line's money and reason from the discount its card list resolved to and its free units. */
function settle(line: EvaluatedLine, win: CompiledDiscount | null, mode: Mode, free: number, noMatch: LineOutcome, skippedText: string): void {
  const paidGross = free === 0 ? line.gross : (line.qty - free) * line.unitPrice;
  const freeValue = free * line.unitPrice;
  let code: LineOutcome;
  let text: string;
  line.discount = freeValue;
  line.applied = null;
  line.bonus = 0;
  if (win === null) {
    code = free > 0 ? 'stamp_reward' : noMatch;
    text = outcomeText(code, null);
  } else if (mode === 'deduct') {
    code = 'discount_applied';
    text = win.texts.applied;
    line.discount += percentOf(paidGross, win.percent);
    line.applied = win.applied;
  } else if (mode === 'bonus') {
    code = 'bonus_credited';
    text = win.texts.bonus;
    line.bonus = percentOf(paidGross, win.percent);
  } else {
    code = 'card_payment_required';
    text = win.texts.pending;
  }
  line.net = line.gross - line.discount;
  line.stampFree = free;
  if (free > 0) text += `; ${freeText(free)}`;
  line.reason.code = code;
  line.reason.text = skippedText === '' ? text : text + skippedText;
}

/**
 * Only a blocked card gives nothing. An `ordered` card is usable as soon as it is presented
 * (CARD-15, seed 002: it is registered to the customer at once and programs are added at once;
 * only its validity limits its use); its first receipt makes it `active`.
 */
function cardOutcome(card: EvalCard): LineOutcome | null {
  return card.status === 'blocked' ? 'card_blocked' : null;
}

export function evaluateBasket(input: EvalInput): EvalResult {
  const { card, lines } = input;
  const lt = input.local ?? localTime(input.at, input.timeZone);
  const inactive = card === null ? 'no_card' : cardOutcome(card);
  const usable = card !== null && inactive === null;
  const cardValid = card !== null && (card.validity === null || withinValidity(card.validity, lt));
  const entries: Entry[] = [];
  if (usable) for (let i = 0; i < card.discounts.length; i++) entries.push(entryFor(card, i, input.customer, input, lt, cardValid));
  const tier = usable ? tierEntry(input, lt, cardValid) : null;
  const mode: Mode = !usable ? 'deduct' : card.type === 'bonus' ? 'bonus' : card.type === 'credit' && !input.payWithCard ? 'pending' : 'deduct';
  const noMatch: LineOutcome = inactive ?? (entries.length === 0 ? 'no_discounts' : 'no_applicable_discount');

  const out: EvaluatedLine[] = new Array<EvaluatedLine>(lines.length);
  const wins: (CompiledDiscount | null)[] = new Array<CompiledDiscount | null>(lines.length);
  const skippedTexts: string[] = new Array<string>(lines.length);
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const skipped: SkippedDiscount[] = [];
    let skippedText = '';
    let win: CompiledDiscount | null = null;
    for (const e of entries) {
      const note = e.skip ?? (coversLine(e.discount!, l.sku, l.group) ? null : e.notCovered!);
      if (note === null) {
        win = e.discount;
        break;
      }
      skipped.push(note.skipped);
      skippedText += '; ' + note.text;
    }
    // CARD-14: the manual's rule picked `win` from the card's list; the tier discount beside it
    // wins when it is better for the customer (ties keep the card's own discount).
    if (tier !== null && (win === null || tier.percent > win.percent) && coversLine(tier, l.sku, l.group)) win = tier;
    const gross = l.qty * l.unitPrice;
    const line: EvaluatedLine = {
      index: i,
      sku: l.sku,
      group: l.group ?? null,
      qty: l.qty,
      unitPrice: l.unitPrice,
      gross,
      discount: 0,
      net: gross,
      applied: null,
      bonus: 0,
      stampFree: 0,
      reason: { code: noMatch, discountId: win?.id ?? null, skipped, text: '' },
    };
    settle(line, win, mode, 0, noMatch, skippedText);
    out[i] = line;
    wins[i] = win;
    skippedTexts[i] = skippedText;
  }

  let stamps: EvalResult['stamps'] = [];
  if (usable && card.type === 'stamp' && input.catalog.stampPrograms.length > 0) {
    const free = new Array<number>(lines.length).fill(0);
    stamps = collectStamps(card, input.catalog.stampPrograms, input.balances?.stamps ?? {}, lines, free);
    for (let i = 0; i < lines.length; i++) if (free[i]! > 0) settle(out[i]!, wins[i] ?? null, mode, free[i]!, noMatch, skippedTexts[i]!);
  }

  let gross = 0;
  let discount = 0;
  let bonusEarned = 0;
  for (const line of out) {
    gross += line.gross;
    discount += line.discount;
    bonusEarned += line.bonus;
  }
  const net = gross - discount;
  const payment = paymentOutcome(card, usable, input, net);
  const result: EvalResult = {
    lines: out,
    totals: { gross, discount, net },
    bonusEarned,
    stamps,
    card: card && { number: card.number, type: card.type, status: card.status, message: card.message, validNow: usable && cardValid },
    payment,
    turnover: card !== null || input.customer !== null ? net : null,
  };
  if (usable && card.type === 'bonus' && input.payWithCard && payment.bonusCoversTotal && net > 0) payWithBonus(result);
  return result;
}

/** CARD-3 bonus: the bonus pays the whole receipt; every line reports a 100 % discount and earns nothing. */
function payWithBonus(r: EvalResult): void {
  for (const line of r.lines) {
    line.discount = line.gross;
    line.net = 0;
    line.applied = BONUS_PAYMENT;
    line.bonus = 0;
    line.reason.code = 'paid_with_bonus';
    line.reason.discountId = null;
    line.reason.text = outcomeText('paid_with_bonus', null);
  }
  r.totals = { gross: r.totals.gross, discount: r.totals.gross, net: 0 };
  r.bonusEarned = 0;
}
