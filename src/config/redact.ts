/**
 * The config as it may be shown (technician console, GET /v1/admin/config): every value under a
 * key that names a secret (token, password, secret, passphrase, api key, private key) becomes
 * "***", and a password inside a URL (`https://user:pw@host`) likewise. Pure; returns a copy.
 */
const SECRET_KEY = /token|password|passwd|secret|passphrase|api_?key|private_?key|credential/i;
const URL_USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/i;

export const REDACTED = '***';

export function redactSecrets(value: unknown, key = ''): unknown {
  if (typeof value === 'string' && SECRET_KEY.test(key)) return REDACTED; // not booleans: requireTokenOnLoopback stays visible
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v, key));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactSecrets(v, k)]));
  }
  if (typeof value === 'string') return value.replace(URL_USERINFO, `$1${REDACTED}@`);
  return value;
}
