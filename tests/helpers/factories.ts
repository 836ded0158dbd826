import type { EngineContext } from '../../src/engine/context.js';
import { createCustomer, type CustomerInput } from '../../src/engine/customers/customers.js';
import { createCard, type CardInput } from '../../src/engine/cards/cards.js';
import type { Card, Customer } from '../../src/engine/model/types.js';

let n = 0;

export function aPerson(ctx: EngineContext, extra: CustomerInput = {}): Customer {
  n++;
  return createCustomer(ctx, { kind: 'person', firstName: `Mari${n}`, lastName: 'Tamm', phone: `+372 5555 ${String(n).padStart(4, '0')}`, ...extra });
}

export function aCard(ctx: EngineContext, customerId: string, input: CardInput = {}): Card {
  return createCard(ctx, customerId, input);
}
