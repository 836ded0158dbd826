/**
 * GW-8: basket evaluation in-process. 10,000 SKUs in 200 groups, 1,000 discounts (all / SKU
 * lists / group lists, a third with validity), 8 stamp programs, 2,000 cards of every paying
 * type with 3–5 discounts (some birthday entries, some card validity), 20-line baskets.
 * Baseline in the same run: the same loop that only sums the line totals.
 */
import { localTime } from '../src/common/clock.js';
import { compileCatalog } from '../src/engine/model/catalog.js';
import { evaluateBasket } from '../src/engine/model/evaluate.js';
import type { EvalInput, EvalLine } from '../src/engine/model/evaluation-types.js';
import type { Card, CardType, Discount, StampProgram, Validity } from '../src/engine/model/types.js';
import { aCard, aCustomer } from './lib/builders.js';
import { rng } from './lib/rng.js';
import { report, summarize, timeSync } from './lib/stats.js';

const N = 50_000;
const TZ = 'Europe/Tallinn';

const rand = rng(8);
const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)]!;

const SKUS = Array.from({ length: 10_000 }, (_, i) => ({ sku: `SKU-${i}`, group: `G-${i % 200}`, price: int(50, 5000) }));
const skuList = (n: number) => Array.from({ length: n }, () => pick(SKUS).sku);
const groupList = (n: number) => Array.from({ length: n }, () => `G-${int(0, 199)}`);

function someValidity(): Validity | undefined {
  const r = rand();
  if (r < 0.1) return { weekdays: [1, 2, 3, 4, 5] };
  if (r < 0.2) return { timeFrom: '09:00', timeTo: '17:00' };
  if (r < 0.3) return { from: '2026-01-01', to: '2026-12-31', weekdays: [6, 7] };
  return undefined;
}

function buildDiscounts(): Discount[] {
  return Array.from({ length: 1000 }, (_, i) => {
    const kind = i % 3;
    const covers = kind === 0 ? { all: true as const } : kind === 1 ? { skus: skuList(int(20, 300)) } : { groups: groupList(int(1, 15)) };
    const validity = someValidity();
    return { id: `D${i}`, name: `Discount ${i}`, percent: int(1, 40) * 50, covers, ...(validity ? { validity } : {}) };
  });
}

function buildPrograms(): StampProgram[] {
  return Array.from({ length: 8 }, (_, i) => ({
    id: `P${i}`,
    name: `Program ${i}`,
    covers: i % 2 === 0 ? { groups: groupList(int(1, 5)) } : { skus: skuList(int(10, 100)) },
    threshold: int(5, 10),
  }));
}

const TYPES: CardType[] = ['discount', 'discount_payment', 'bonus', 'credit', 'stamp'];

function buildCards(): Card[] {
  return Array.from({ length: 2000 }, (_, i) => {
    const discounts = Array.from({ length: int(3, 5) }, (_, k) => ({ discountId: `D${int(0, 999)}`, ...(k === 1 && rand() < 0.3 ? { birthday: true } : {}) }));
    return aCard({
      number: String(6009000000000000 + i),
      discounts,
      type: TYPES[i % TYPES.length]!,
      validity: rand() < 0.3 ? { weekdays: [1, 2, 3, 4, 5], timeFrom: '08:00', timeTo: '20:00' } : null,
      birthdayWindow: { daysBefore: 3, daysAfter: 3 },
      dailyLimit: 5000,
      creditLimit: 10_000,
      message: i % 7 === 0 ? 'Say hello' : null,
    });
  });
}

function buildBasket(): EvalLine[] {
  return Array.from({ length: 20 }, () => {
    const s = pick(SKUS);
    return { sku: s.sku, group: s.group, qty: int(1, 4), unitPrice: s.price };
  });
}

export async function run(): Promise<void> {
  const catalog = compileCatalog(buildDiscounts(), buildPrograms());
  const cards = buildCards();
  const customer = aCustomer({ birthDate: '1990-11-24' });
  const baskets = Array.from({ length: 1000 }, buildBasket);
  const start = Date.parse('2026-11-20T06:00:00Z');
  const ats = Array.from({ length: 997 }, (_, i) => new Date(start + i * 7_919_000)); // ~3 months, every hour of day
  const inputs: EvalInput[] = Array.from({ length: 4099 }, (_, i) => ({
    at: ats[i % ats.length]!,
    timeZone: TZ,
    card: cards[i % cards.length]!,
    customer,
    catalog,
    balances: { money: 2000, bonus: i % 3 === 0 ? 1_000_000 : 500, visits: 0, stamps: { P0: 4, P1: 8, P2: 3 } },
    spentToday: 1500,
    customerAccount: { balance: 0, creditLimit: 50_000 },
    lines: baskets[i % baskets.length]!,
    payWithCard: i % 2 === 0,
    options: { partialBonusPayment: false },
  }));

  // What the data exercises: share of lines with a discount or bonus, card-validity skips, stamp rewards.
  let applied = 0;
  let lines = 0;
  let cardSkips = 0;
  let rewards = 0;
  for (const input of inputs) {
    const r = evaluateBasket(input);
    for (const l of r.lines) {
      lines++;
      if (l.applied !== null || l.bonus > 0 || l.reason.code === 'card_payment_required') applied++;
      if (l.reason.skipped.some((x) => x.code === 'card_validity')) cardSkips++;
    }
    for (const st of r.stamps) rewards += st.rewards;
  }
  console.log(
    `lines resolved to a discount: ${((100 * applied) / lines).toFixed(0)} %, primary withheld by card validity: ${((100 * cardSkips) / lines).toFixed(0)} %, stamp rewards: ${rewards} in ${inputs.length} baskets`,
  );

  let sink = 0;
  const baseline = timeSync((i) => {
    let t = 0;
    for (const l of inputs[i % inputs.length]!.lines) t += l.qty * l.unitPrice;
    sink += t;
  }, N);
  const local = timeSync((i) => {
    sink += localTime(inputs[i % inputs.length]!.at, TZ).minuteOfDay;
  }, N);
  const evaluated = timeSync(
    (i) => {
      sink += evaluateBasket(inputs[i % inputs.length]!).totals.net;
    },
    N,
    5000,
  );
  const withJson = timeSync(
    (i) => {
      sink += JSON.stringify(evaluateBasket(inputs[i % inputs.length]!)).length;
    },
    N,
    2000,
  );
  const compile = timeSync(
    () => {
      sink += compileCatalog(buildDiscounts(), buildPrograms()).discounts.size;
    },
    20,
    2,
  );

  report(
    'evaluateBasket: 20 lines, card with 3–5 of 1,000 discounts, 8 stamp programs',
    [
      summarize('baseline: sum line totals', baseline),
      summarize('localTime only', local),
      summarize('evaluateBasket', evaluated),
      summarize('evaluateBasket + JSON.stringify', withJson),
    ],
    'baseline: sum line totals',
  );
  report('compileCatalog (once per master-data change; includes generating the data)', [summarize('compileCatalog 1,000 discounts', compile, 'ms')]);
  if (sink === 42) console.log(sink); // keep the work observable
}
