/**
 * What the load generator does with one product's signaling protocol. Each server under test
 * has one driver; the measurements (idle, pairing, relay) are written once against this.
 */

/** One idle connection that completed the server's handshake. */
export interface IdleConnection {
  close(): void;
  closed(): Promise<void>;
}

/** Two sockets joined the way the product joins two peers, kept open to relay between them. */
export interface RelayPair {
  /** Sends one ICE candidate carrying `sentAt` (performance.now()) from side a or b to the other. */
  send(from: 'a' | 'b', sentAt: number): void;
  /** Socket failures seen so far (invalid or error frames, unexpected closes). */
  errors(): string[];
  close(): Promise<void>;
}

export interface LoadDriver {
  /** Opens a connection to `endpoint` and completes the server's handshake. */
  openIdle(endpoint: string, index: number): Promise<IdleConnection>;
  /**
   * One pairing from two fresh sockets, side a on `endpointA` and side b on `endpointB`;
   * resolves when side b has heard of side a (the figure counts it then), after starting to
   * close both.
   */
  pairOnce(endpointA: string, endpointB: string, index: number): Promise<void>;
  /**
   * Ours only: the same pairing with the rep's console already signed in, as a rep works (one
   * socket holding its sessions), so only the customer's socket is fresh. `worker` names the
   * caller's slot: each slot has rep sockets of its own.
   */
  pairWithSignedInRep?(endpointA: string, endpointB: string, index: number, worker: number): Promise<void>;
  /** A pair whose side b reports every candidate it receives from a, and a every one from b. */
  openRelayPair(endpointA: string, endpointB: string, index: number, arrived: (sentAt: number) => void): Promise<RelayPair>;
  /** Stops the driver's own timers (keep-alive messages). */
  dispose(): void;
}
