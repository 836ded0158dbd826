import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Layers (docs/architecture.md "Layers"): dependencies point one way, and a breach fails
 * `npm test`. Each entry names a folder and the imports its files may not make; a later entry
 * replaces an earlier one for the files both match, so a subfolder's entry (engine/model,
 * engine/store) comes after its parent's and repeats what the parent forbids. Patterns match the
 * import specifier, so `../engine/store/x.js` and `../../engine/store/x.js` are both caught.
 * tests/architecture/layers.test.ts proves each rule fires.
 */
const USE_CASES = ['cards', 'customers', 'receipts', 'vouchers', 'orders', 'tiers', 'reports', 'master-data'];
// Import patterns for the engine's use-case folders, seen from `prefix` ('../' or '**/engine/').
const useCases = (prefix) => USE_CASES.map((f) => `${prefix}${f}/**`);
const forbid = (...group) => [{ group, message: 'layer breach: see docs/architecture.md "Layers"' }];
const APPS = ['**/cli/**', '**/bridges/**', '**/main.js', '**/scheduled-jobs.js', '**/config-reload.js'];
// The sync client (src/sync/*.js and src/sync/client/); its protocol, HLC and merge are pure and shared.
const SYNC_CLIENT = ['**/sync/!(hlc|merge).js', '**/sync/client/**'];
const layers = [
  ['src/common/**', forbid('**/config/**', '**/engine/**', '**/drivers/**', '**/api/**', '**/sync/**', '**/central/**', ...APPS)],
  [
    'src/config/**',
    forbid('**/engine/store/**', ...useCases('**/engine/'), '**/engine/*.js', '**/drivers/**', '**/api/**', '**/sync/**', '**/central/**', ...APPS),
  ],
  [`src/engine/**`, forbid('**/drivers/**', '**/api/**', '**/central/**', ...SYNC_CLIENT, ...APPS)],
  ['src/engine/model/**', forbid('../store/**', ...useCases('../'), '../*.js', '**/drivers/**', '**/api/**', '**/central/**', ...SYNC_CLIENT, ...APPS)],
  ['src/engine/store/**', forbid(...useCases('../'), '../*.js', '**/drivers/**', '**/api/**', '**/central/**', ...SYNC_CLIENT, ...APPS)],
  ['src/drivers/**', forbid('**/engine/**', '**/api/**', '**/sync/**', '**/central/**', ...APPS)],
  ['src/api/**', forbid('**/engine/store/**', '**/central/**', ...SYNC_CLIENT, ...APPS)],
  ['src/sync/**', forbid('**/drivers/**', '**/api/*.js', '**/api/preview/**', '**/central/**', ...APPS)],
  // Central shares engine/model, common, the sync protocol and the API's pure helpers and schemas
  // with the store; it never touches the store's libSQL, the drivers or the engine's use cases.
  ['src/central/**', forbid('libsql', '**/engine/store/**', ...useCases('**/engine/'), '**/engine/*.js', '**/drivers/**', ...SYNC_CLIENT, ...APPS)],
  ['src/bridges/**', forbid('**/api/**', '**/sync/**', '**/central/**', '**/cli/**', '**/main.js')],
];

// SQL lives in src/engine/store only; src/api does not even reach the database handle.
const NO_SQL = {
  selector: "CallExpression[callee.property.name='prepare'], CallExpression[callee.property.name='exec'][arguments.0.type=/^(Literal|TemplateLiteral)$/]",
  message: 'SQL lives in src/engine/store only: add a typed repository function there',
};
const NO_DB = {
  selector: "MemberExpression[property.name='db'][object.property.name='store']",
  message: 'src/api calls engine use cases, never the store database',
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'off',
    },
  },
  ...layers.map(([files, patterns]) => ({ files: [files], rules: { 'no-restricted-imports': ['error', { patterns }] } })),
  { files: ['src/**/*.ts'], ignores: ['src/engine/store/**', 'src/central/**', 'src/api/**'], rules: { 'no-restricted-syntax': ['error', NO_SQL] } },
  { files: ['src/api/**/*.ts'], rules: { 'no-restricted-syntax': ['error', NO_SQL, NO_DB] } },
  // The console's browser scripts: `tsc -p src/console` checks their names against the DOM library, so no-undef adds nothing.
  { files: ['src/console/**/*.js'], rules: { 'no-undef': 'off' } },
);
