/**
 * Version of the wire protocol (signaling socket and data channels). It travels in the first
 * message of every socket and channel so either side can refuse a peer it does not speak.
 */
export const PROTOCOL_VERSION = 2;
/** From this version on, a peer reads BATCH frames on the control channel (controlFrame.ts). */
export const BATCH_PROTOCOL_VERSION = 2;
/** The oldest peer version this build still understands. */
export const MIN_PROTOCOL_VERSION = 1;

export function isSupportedVersion(version: number): boolean {
  return Number.isInteger(version) && version >= MIN_PROTOCOL_VERSION && version <= PROTOCOL_VERSION;
}
