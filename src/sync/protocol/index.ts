/** The sync wire protocol shared by the store's sync client and central (API.md "Central and sync"). */
export * from './common.js';
export * from './records.js';
export * from './events.js';
export * from './push.js';
export * from './pull.js';
export * from './blocks.js';
