/**
 * What a card can pay (CARD-3, CUST-4, API.md rules 3–5). Pure: balances, today's spend and the
 * customer account come in from the caller.
 *
 * - credit: `money − amount ≥ −creditLimit` on the card and `balance − amount ≥ −creditLimit` on
 *   the customer account, so the card can pay min(money + card limit, balance + customer limit).
 *   A daily limit on a credit card is enforced too (CARD-13).
 * - discount_payment: the daily limit (store-local day) and the payer's account; a payer with
 *   credit limit 0 is invoiced, so a card with a daily limit pays up to that limit (CARD-13).
 * - bonus: the bonus balance; the whole receipt unless config allows partial bonus payment.
 * - discount, stamp, service cards cannot pay.
 */
import type { CardPaymentProblem, EvalCard, EvalInput, PaymentOutcome } from './evaluation-types.js';

/**
 * CUST-4, CARD-3: the one credit-limit rule. A charge of `amount` is allowed while
 * `balance − amount ≥ −creditLimit`, so the most that can be charged is `balance + creditLimit`.
 */
export function creditRoom(balance: number, creditLimit: number): number {
  return Math.max(0, balance + creditLimit);
}

function customerRoom(input: EvalInput): number | null {
  const a = input.customerAccount;
  return a ? creditRoom(a.balance, a.creditLimit) : null;
}

function minOrNull(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}

const CANNOT_PAY = Object.freeze({ moneyAvailable: null, dailyRemaining: null, cardPayable: 0, overLimitCode: 'card_type_mismatch' as const });

/** CARD-13: the daily limit left on the sale's own store-local day, or null without one. */
function daily(card: EvalCard, input: EvalInput): number | null {
  return card.dailyLimit === null ? null : Math.max(0, card.dailyLimit - input.spentToday);
}

/** Limits of a usable card, before looking at this receipt's total. */
function limits(card: EvalCard, input: EvalInput): Pick<PaymentOutcome, 'moneyAvailable' | 'dailyRemaining' | 'cardPayable' | 'overLimitCode'> {
  const room = customerRoom(input);
  switch (card.type) {
    case 'credit': {
      const own = creditRoom(input.balances?.money ?? 0, card.creditLimit);
      const moneyAvailable = minOrNull(own, room) ?? own;
      const dailyRemaining = daily(card, input);
      const cardPayable = minOrNull(dailyRemaining, moneyAvailable) ?? moneyAvailable;
      let code: CardPaymentProblem = card.creditLimit === 0 && (room === null || own <= room) ? 'insufficient_balance' : 'credit_limit_exceeded';
      if (dailyRemaining !== null && dailyRemaining < moneyAvailable) code = 'daily_limit_exceeded';
      return { moneyAvailable, dailyRemaining, cardPayable, overLimitCode: code };
    }
    case 'discount_payment': {
      const dailyRemaining = daily(card, input);
      // CARD-13: a payer with no credit agreed (limit 0) is invoiced for what a card with a daily
      // limit pays; the daily limit alone bounds it. With a credit limit, both apply.
      const accountRoom = dailyRemaining !== null && input.customerAccount?.creditLimit === 0 ? null : room;
      const cardPayable = minOrNull(dailyRemaining, accountRoom);
      const code: CardPaymentProblem =
        dailyRemaining !== null && (accountRoom === null || dailyRemaining <= accountRoom) ? 'daily_limit_exceeded' : 'credit_limit_exceeded';
      return { moneyAvailable: accountRoom, dailyRemaining, cardPayable, overLimitCode: cardPayable === null ? null : code };
    }
    case 'bonus': {
      const bonus = Math.max(0, input.balances?.bonus ?? 0);
      return { moneyAvailable: bonus, dailyRemaining: null, cardPayable: bonus, overLimitCode: 'insufficient_balance' };
    }
    default:
      return CANNOT_PAY;
  }
}

/** Why a card payment of `amount` fails against an evaluation's payment outcome, or null. */
export function cardPaymentProblem(p: Pick<PaymentOutcome, 'cardPayable' | 'overLimitCode'>, amount: number): CardPaymentProblem | null {
  if (amount <= 0 || p.cardPayable === null || amount <= p.cardPayable) return null;
  return p.overLimitCode;
}

/**
 * The payment side of an evaluation. `net` is the receipt total before any bonus payment; for a
 * bonus card paying the whole receipt the caller turns the lines into a 100 % discount.
 */
export function paymentOutcome(card: EvalCard | null, usable: boolean, input: EvalInput, net: number): PaymentOutcome {
  const l = card !== null && usable ? limits(card, input) : CANNOT_PAY;
  if (card === null || !usable) {
    const problem = input.payWithCard && card !== null ? 'card_type_mismatch' : null;
    return { ...l, bonusCoversTotal: false, bonusUsed: 0, due: net, visitsAvailable: null, problem };
  }
  const bonusCoversTotal = card.type === 'bonus' && (l.moneyAvailable ?? 0) >= net;
  let bonusUsed = 0;
  let due = net;
  if (card.type === 'bonus' && input.payWithCard) {
    if (bonusCoversTotal) bonusUsed = net;
    else if (input.options.partialBonusPayment) bonusUsed = Math.min(net, l.moneyAvailable ?? 0);
    due = net - bonusUsed;
  }
  let problem: CardPaymentProblem | null = null;
  if (input.payWithCard) {
    problem = card.type === 'bonus' ? (bonusUsed === 0 && net > 0 ? 'insufficient_balance' : null) : cardPaymentProblem(l, due);
  }
  return {
    moneyAvailable: l.moneyAvailable,
    dailyRemaining: l.dailyRemaining,
    cardPayable: l.cardPayable,
    overLimitCode: l.overLimitCode,
    bonusCoversTotal,
    bonusUsed,
    due,
    visitsAvailable: card.type === 'service' ? (input.balances?.visits ?? 0) : null,
    problem,
  };
}
