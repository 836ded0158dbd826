/** Plain domain objects for the in-process evaluation bench (no store needed). */
import { EMPTY_CUSTOMER } from '../../src/engine/model/customer-defaults.js';
import type { Card, Customer } from '../../src/engine/model/types.js';

const AT = '2026-01-01T00:00:00.000Z';

export function aCard(over: Partial<Card> = {}): Card {
  return {
    number: '6009000000000017',
    customerId: 'c1',
    type: 'discount',
    status: 'active',
    luhn: true,
    validity: null,
    discounts: [],
    birthdayWindow: null,
    message: null,
    dailyLimit: null,
    creditLimit: 0,
    stampPrograms: null,
    templateId: null,
    createdAt: AT,
    updatedAt: AT,
    ...over,
  };
}

export function aCustomer(over: Partial<Customer> = {}): Customer {
  return {
    ...EMPTY_CUSTOMER,
    id: 'c1',
    kind: 'person',
    firstName: 'Mari',
    lastName: 'Tamm',
    phone: '+372 5555 0001',
    createdAt: AT,
    updatedAt: AT,
    ...over,
  };
}
