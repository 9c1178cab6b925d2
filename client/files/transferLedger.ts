/**
 * Resume bookkeeping, pure: where each side of a transfer stands, and whether a peer's claim
 * (an accept, an ack, a chunk) fits. Anything that does not fit is refused with FILE_PROTOCOL
 * and changes nothing, so a confused or hostile peer cannot corrupt a stored file.
 */
import type { FileErrorCode } from '../../protocol/fileTransfer.js';

/** The sender's view: what went out, what the receiver stored, what has been hashed. */
export class SendLedger {
  /** Next byte to send. */
  sent = 0;
  /** The receiver has stored everything before this. */
  acked = 0;
  /** Bytes fed to the hash, always a prefix of the file read in order. */
  hashed = 0;

  constructor(readonly size: number) {}

  /** The receiver asks to (re)start at `offset`: its stored bytes. It cannot be past what we sent. */
  restart(offset: number): FileErrorCode | null {
    if (!Number.isInteger(offset) || offset < 0 || offset > this.size || offset > this.hashed) return 'FILE_PROTOCOL';
    this.sent = offset;
    this.acked = offset;
    return null;
  }

  handleAck(offset: number): FileErrorCode | null {
    if (!Number.isInteger(offset) || offset < this.acked || offset > this.sent) return 'FILE_PROTOCOL';
    this.acked = offset;
    return null;
  }

  /**
   * About to send [start, end): returns the part not hashed yet, or null. Bytes are hashed once,
   * in file order, however often a resume sends them again.
   */
  takeUnhashed(start: number, end: number): { start: number; end: number } | null {
    if (start > this.hashed) throw new RangeError('bytes must be hashed in order');
    if (end <= this.hashed) return null;
    const range = { start: this.hashed, end };
    this.hashed = end;
    return range;
  }

  recordSent(bytes: number): void {
    this.sent += bytes;
  }

  get allSent(): boolean {
    return this.sent >= this.size && this.hashed >= this.size;
  }

  get allAcked(): boolean {
    return this.acked >= this.size;
  }
}

/** The receiver's view: what arrived in order, and what is stored durably. */
export class ReceiveLedger {
  /** Next byte expected on the channel. */
  received: number;
  /** Chunks in storage cover [0, stored). */
  stored: number;

  constructor(
    readonly size: number,
    readonly chunkBytes: number,
    stored = 0,
  ) {
    this.received = stored;
    this.stored = stored;
  }

  /** A chunk arrived: it must continue exactly where the last one ended, and fit the file. */
  acceptChunk(offset: number, length: number): FileErrorCode | null {
    if (offset !== this.received) return 'FILE_PROTOCOL';
    if (length <= 0 || length > this.chunkBytes || offset + length > this.size) return 'FILE_PROTOCOL';
    this.received += length;
    return null;
  }

  markStored(upTo: number): void {
    if (upTo < this.stored || upTo > this.received) throw new RangeError(`stored ${upTo} outside [${this.stored}, ${this.received}]`);
    this.stored = upTo;
  }

  /** Where to ask the sender to resume: bytes received but not stored are asked for again. */
  resumeOffset(): number {
    this.received = this.stored;
    return this.stored;
  }

  get allReceived(): boolean {
    return this.received >= this.size;
  }

  get allStored(): boolean {
    return this.stored >= this.size;
  }
}
