import countries from 'i18n-iso-countries';

/**
 * ICAO 9303 nationality codes that are not ISO 3166 alpha-3 (travel documents and ID cards use
 * them): Germany is "D". Everything else on an ID card is the ISO alpha-3 code ("EST").
 */
const ICAO_ONLY: Readonly<Record<string, string>> = { D: 'DE' };

/**
 * CUST-12: a country or nationality as ISO 3166-1 alpha-2. Accepts alpha-2 ("EE"), alpha-3 as
 * the ID card gives it ("EST", CUST-9) and ICAO's "D"; null when it is no known country.
 * Uses i18n-iso-countries (a maintained ISO 3166 table) rather than a hand-kept list.
 */
export function toAlpha2(code: string): string | null {
  const c = code.trim().toUpperCase().replace(/<+$/, '');
  if (ICAO_ONLY[c]) return ICAO_ONLY[c];
  if (c.length === 2) return countries.isValid(c) ? c : null;
  if (c.length === 3) return countries.alpha3ToAlpha2(c) ?? null;
  return null;
}
