/** Readable text for the stable reason codes of an evaluated line. */
import type { LineOutcome, SkipCode } from './evaluation-types.js';

/** Basis points as a percent: 1000 → "10 %", 1250 → "12.5 %". */
export function percentText(bp: number): string {
  return `${bp / 100} %`;
}

export function discountLabel(d: { id: string; name: string; percent: number }): string {
  return `${d.name} ${percentText(d.percent)} (${d.id})`;
}

const SKIP_TEXT: Record<SkipCode, string> = {
  unknown_discount: 'no such discount in master data',
  card_validity: 'the card is outside its validity, which withholds only its first discount (CARD-4)',
  outside_validity: "outside the discount's own validity",
  no_birth_date: 'birthday discount, but the customer has no birth date',
  outside_birthday_window: 'birthday discount, today is outside the birthday window (CARD-6)',
  not_covered: 'does not cover this product',
};

export function skipText(label: string, code: SkipCode): string {
  return `skipped ${label}: ${SKIP_TEXT[code]}`;
}

/** The main sentence of a line's reason; `label` names the discount it resolved to, if any. */
export function outcomeText(code: LineOutcome, label: string | null): string {
  switch (code) {
    case 'discount_applied':
      return `${label} applied`;
    case 'bonus_credited':
      return `${label} credited as bonus (bonus card)`;
    case 'paid_with_bonus':
      return 'paid with bonus, reported as a 100 % discount';
    case 'card_payment_required':
      return `${label} applies only when paid with the card (credit card)`;
    case 'stamp_reward':
      return 'no discount';
    case 'no_applicable_discount':
      return "none of the card's discounts applies";
    case 'no_discounts':
      return 'the card has no discounts';
    case 'no_card':
      return 'no card on the receipt';
    case 'card_blocked':
      return 'the card is blocked';
    case 'card_not_active':
      return 'the card is not active yet';
  }
}

export function freeText(units: number): string {
  return `${units} free by stamp reward`;
}
