/**
 * The one error catalogue: every failure a caller can see has a stable code, an HTTP status and
 * a title here. Only src/api turns these into application/problem+json.
 */
export interface FieldError {
  /** JSON path of the offending field, e.g. "lines.2.qty" or "email". */
  path: string;
  message: string;
  /** Line in a file, for problems of the config file (config_invalid). */
  line?: number;
}

export const ERRORS = {
  validation_failed: { status: 400, title: 'The request is not valid' },
  malformed_json: { status: 400, title: 'The request body is not valid JSON' },
  idempotency_key_missing: { status: 400, title: 'This request needs an Idempotency-Key header' },
  search_query_too_short: { status: 400, title: 'The search query is too short' },
  unauthorized: { status: 401, title: 'A valid bearer token is required' },
  forbidden: { status: 403, title: 'This token may not do that' },
  origin_not_allowed: { status: 403, title: 'Requests from this web origin are not allowed' },
  not_found: { status: 404, title: 'No such resource' },
  card_not_found: { status: 404, title: 'No card has this number' },
  customer_not_found: { status: 404, title: 'No customer has this id' },
  receipt_not_found: { status: 404, title: 'No receipt has this id' },
  voucher_not_found: { status: 404, title: 'No voucher has this code' },
  device_not_found: { status: 404, title: 'No device has this id' },
  master_data_not_found: { status: 404, title: 'No such master-data record' },
  job_not_found: { status: 404, title: 'No print job has this id' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  idempotency_key_reused: { status: 409, title: 'This Idempotency-Key was used with a different request' },
  idempotency_in_progress: { status: 409, title: 'A request with this Idempotency-Key is still being processed' },
  card_number_taken: { status: 409, title: 'A card with this number already exists' },
  customer_has_cards: { status: 409, title: 'The customer still has cards' },
  card_blocked: { status: 409, title: 'The card is blocked' },
  voucher_already_redeemed: { status: 409, title: 'The voucher was already redeemed' },
  voucher_range_exhausted: { status: 409, title: 'The voucher range has no numbers left' },
  voucher_range_overlaps: { status: 409, title: 'The range overlaps another range with the same digit count' },
  voucher_range_inactive: { status: 422, title: 'The voucher range is not active' },
  privilege_has_no_range: { status: 422, title: 'The privilege has no voucher range; give the code' },
  voucher_amount_exceeds_value: { status: 422, title: 'The voucher does not cover this amount' },
  card_numbers_exhausted: { status: 409, title: 'The card number scheme has no numbers left' },
  receipt_already_closed: { status: 409, title: 'This till already closed a receipt with this number' },
  refund_exceeds_sale: { status: 422, title: 'Cannot refund more than was sold' },
  payments_do_not_match: { status: 422, title: 'The payments do not add up to what is due' },
  customer_mismatch: { status: 422, title: 'The card belongs to another customer' },
  payload_too_large: { status: 413, title: 'The request body is too large' },
  unsupported_media_type: { status: 415, title: 'Send application/json' },
  host_not_allowed: { status: 421, title: 'This server does not answer to that Host name' },
  too_many_requests: { status: 429, title: 'Too many failed attempts; retry later' },
  check_digit_invalid: { status: 422, title: 'Check digit wrong' },
  timestamp_out_of_range: { status: 422, title: 'The time is too far in the past or in the future' },
  card_type_mismatch: { status: 422, title: 'This operation does not fit the card type' },
  insufficient_balance: { status: 422, title: 'The balance does not cover this amount' },
  credit_limit_exceeded: { status: 422, title: 'The credit limit does not allow this amount' },
  daily_limit_exceeded: { status: 422, title: 'The card daily limit does not allow this amount' },
  offline_limit_exceeded: { status: 409, title: 'Central is unreachable and the offline allowance is used up' },
  reference_not_found: { status: 422, title: 'A referenced record does not exist' },
  voucher_expired: { status: 422, title: 'The voucher has expired' },
  voucher_void: { status: 422, title: 'The voucher is void' },
  config_invalid: { status: 422, title: 'The config file has errors; the config in force is kept' },
  order_service_not_configured: { status: 422, title: 'No card order service is configured' },
  printer_offline: { status: 503, title: 'The printer is offline' },
  paper_out: { status: 503, title: 'The printer is out of paper' },
  database_busy: { status: 503, title: 'The database is busy; retry' },
  storage_unavailable: { status: 503, title: 'The database cannot be written (disk full, read-only or I/O error); nothing was saved, retry later' },
  shutting_down: { status: 503, title: 'Tillgate is shutting down; retry with the same Idempotency-Key' },
  internal_error: { status: 500, title: 'Internal error' },
  // Devices (GW-1, GW-3, CUST-9)
  device_offline: { status: 503, title: 'The device is not connected' },
  id_card_absent: { status: 409, title: 'No card is in the reader' },
  id_card_not_supported: { status: 422, title: 'This reader has no ID-card profile' },
  id_card_unreadable: { status: 422, title: 'The card in the reader is not a readable ID card' },
  // Receipt preview (GW-3, GW-5): rendered off the event loop, within documented caps
  preview_too_large: { status: 413, title: 'The document is too large to preview' },
  preview_too_tall: { status: 422, title: 'The rendered receipt would be taller than the preview allows' },
  preview_timeout: { status: 422, title: 'The preview took longer than allowed to render' },
  preview_busy: { status: 429, title: 'Another preview is rendering; retry shortly' },
  preview_unavailable: { status: 503, title: 'The preview renderer could not start' },
  // Lists (GW-5): every list is paginated
  cursor_invalid: { status: 400, title: 'The cursor is not one this list gave out' },
  // Printing (GW-3)
  barcode_too_wide: { status: 422, title: 'The barcode or QR code is wider than the paper' },
  // Central and sync (GW-6, SYNC-1..10)
  sequence_gap: { status: 409, title: 'The events do not continue the acknowledged sequence' },
  cursor_expired: { status: 410, title: 'The pull cursor is no longer valid; pull a snapshot' },
  store_exists: { status: 409, title: 'A store with this id already exists' },
  card_order_not_found: { status: 404, title: 'No card order has this id' },
  card_order_status_invalid: { status: 409, title: 'A card order status only moves forward: ordered, sent, produced, delivered' },
  number_block_exhausted: { status: 409, title: 'The card scheme or voucher range has no serials left to hand out' },
  numbering_not_configured: { status: 422, title: 'Central has no such card scheme or voucher range' },
  number_block_empty: { status: 503, title: 'No number block leased from central has serials left; retry once sync has leased a new block' },
  managed_by_central: { status: 409, title: 'Master data is managed by central in this chain; change it there' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERRORS;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly errors: FieldError[] | undefined;
  readonly extra: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, detail?: string, errors?: FieldError[], extra?: Record<string, unknown>) {
    super(detail ?? ERRORS[code].title);
    this.name = 'AppError';
    this.code = code;
    this.status = ERRORS[code].status;
    this.errors = errors;
    this.extra = extra;
  }
}

/** A 400 validation_failed naming one field. */
export function fieldError(path: string, message: string): AppError {
  return new AppError('validation_failed', `${path}: ${message}`, [{ path, message }]);
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
