/**
 * What the signaling logic reports as it happens, for `/metrics` and logs. Every method gets
 * only counts and error codes: never tokens, codes, names or message content.
 */
import type { ErrorCode } from '../protocol/errors.js';

export interface RegistryObserver {
  /** A rep and a customer of one session are both attached (each `peer-present` pair). */
  paired(): void;
  /** A join or rejoin was refused, by the error code the customer got. */
  joinFailed(code: ErrorCode): void;
  /** One negotiation message was passed from one participant to the other. */
  relayed(): void;
  /** A socket was closed by a limit (rate, size, connections per address). */
  limitHit(code: ErrorCode): void;
}

export const NO_OBSERVER: RegistryObserver = {
  paired: () => {},
  joinFailed: () => {},
  relayed: () => {},
  limitHit: () => {},
};
