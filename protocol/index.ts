/** The one module shared by client and server: message types, schemas, limits, codes. No I/O. */
export * from './assertNever.js';
export * from './controlFrame.js';
export * from './errors.js';
export * from './fileRules.js';
export * from './fileTransfer.js';
export type * from './ids.js';
export * from './limits.js';
export * from './peerMessage.js';
export * from './result.js';
export * from './sessionCode.js';
export * from './signaling.js';
export * from './transcript.js';
export * from './version.js';
