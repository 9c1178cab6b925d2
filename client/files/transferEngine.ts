/**
 * The code that moves bytes (reading, hashing, storing, sniffing), loaded on first use so the
 * customer's page does not download it before a file is sent or received.
 */
export { IncomingTransfer } from './IncomingTransfer.js';
export { OutgoingTransfer } from './OutgoingTransfer.js';
export { previewTypeOf, SNIFF_BYTES } from './sniffContent.js';
