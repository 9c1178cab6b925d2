/**
 * How a file is cut and paced on the `files` channel. The sizes are chosen by measurement
 * (bench/README.md, "File transfer"): see the figures there before changing them.
 * Pure: the sender's pump (OutgoingTransfer) asks `nextPumpStep` before each read.
 */
import { MAX_FILE_CHUNK_BYTES } from '../../protocol/fileTransfer.js';

/** Payload bytes per chunk frame (the frame adds a 12-byte header). */
export const FILE_CHUNK_BYTES = 64 * 1024;
/**
 * Stop queueing on the channel above this many buffered bytes (Chromium throws past ~16 MiB).
 * More is slower, not faster: a deeper queue lets SCTP send bigger bursts, and on this machine
 * those lose packets and stall for a retransmission timeout (about 430 ms) now and then.
 * 256 KiB moved 16 % more than 1 MiB through the product, same rounds (bench/README.md).
 */
export const FILE_BUFFER_HIGH_BYTES = 256 * 1024;
/** ...and resume when the channel's `bufferedamountlow` says it is down to this. */
export const FILE_BUFFER_LOW_BYTES = 64 * 1024;
/** Bytes the sender may have sent beyond the receiver's last durable acknowledgement. */
export const MAX_UNACKED_BYTES = 16 * 1024 * 1024;
/** Bytes read from the File per `slice().arrayBuffer()` call. */
export const READ_BLOCK_BYTES = 1024 * 1024;
/** Blocks the sender has the file worker read and hash ahead of the one it is sending. */
export const READ_AHEAD_BLOCKS = 2;
/** The receiver writes to IndexedDB in batches of about this many bytes. */
export const STORE_BATCH_BYTES = 2 * 1024 * 1024;
/** Without a file worker (hashing on the page), it yields to the event loop after this many bytes hashed. */
export const HASH_SLICE_BYTES = 256 * 1024;

export interface ChunkRange {
  readonly offset: number;
  readonly length: number;
}

/** Cuts [start, end) into chunks of at most `chunkBytes`, in order. */
export function chunkRanges(start: number, end: number, chunkBytes: number): ChunkRange[] {
  if (!(chunkBytes > 0 && chunkBytes <= MAX_FILE_CHUNK_BYTES)) throw new RangeError(`chunkBytes out of range: ${chunkBytes}`);
  const ranges: ChunkRange[] = [];
  for (let offset = start; offset < end; offset += chunkBytes) {
    ranges.push({ offset, length: Math.min(chunkBytes, end - offset) });
  }
  return ranges;
}

export interface PumpState {
  readonly size: number;
  /** Bytes handed to the channel. */
  readonly sent: number;
  /** Bytes the receiver acknowledged as stored. */
  readonly acked: number;
  /** The channel's bufferedAmount now. */
  readonly bufferedAmount: number;
}

export interface PumpLimits {
  /** Payload bytes per chunk frame read from now on (at most the transfer's offered `chunkBytes`). */
  readonly chunkBytes: number;
  readonly highWaterBytes: number;
  /** The channel's `bufferedAmountLowThreshold`: the pump resumes when the queue is down to it. */
  readonly lowWaterBytes: number;
  readonly maxUnackedBytes: number;
}

export const DEFAULT_PUMP_LIMITS: PumpLimits = {
  chunkBytes: FILE_CHUNK_BYTES,
  highWaterBytes: FILE_BUFFER_HIGH_BYTES,
  lowWaterBytes: FILE_BUFFER_LOW_BYTES,
  maxUnackedBytes: MAX_UNACKED_BYTES,
};

/**
 * While people chat during a transfer, the file queues much less on the channel, in smaller
 * chunks: a chat message waits behind what is already buffered on the shared SCTP association
 * and behind the chunk being sent (Chromium does not interleave the channels' messages). The
 * receiver takes any chunk up to the offered size, so the sender switches in mid-transfer.
 * Measured (bench/README.md, "File transfer"): the chat's round trip during a transfer dropped
 * by about 40 % at the median; the file moves about a fifth slower meanwhile, since the small
 * queue runs dry whenever the sender's main thread is held up for a few milliseconds.
 */
export const CHAT_CHUNK_BYTES = 16 * 1024;
export const CHAT_BUFFER_HIGH_BYTES = 64 * 1024;
export const CHAT_BUFFER_LOW_BYTES = 16 * 1024;
/** A chat message in the log, or either side typing, within this long makes the session "chatting". */
export const CHAT_ACTIVE_WINDOW_MS = 10_000;

/**
 * Chat goes first: when a chat message enters the log (from either side), the sender queues no
 * more file bytes for this long. What is already queued (at most CHAT_BUFFER_HIGH_BYTES) drains
 * in a few milliseconds, and the message and its answer then cross an idle link and two pages
 * that are not busy moving the file. A person's chat costs the file a few per cent (one hold
 * per message); see bench/README.md, "File transfer".
 */
export const CHAT_HOLD_MS = 100;

export const CHATTING_PUMP_LIMITS: PumpLimits = {
  chunkBytes: CHAT_CHUNK_BYTES,
  highWaterBytes: CHAT_BUFFER_HIGH_BYTES,
  lowWaterBytes: CHAT_BUFFER_LOW_BYTES,
  maxUnackedBytes: MAX_UNACKED_BYTES,
};

/**
 * What the pump does next: `send` another block, wait for the channel to drain, wait for the
 * receiver's acknowledgement (so it never holds more than the window in memory), or stop.
 */
export function nextPumpStep(state: PumpState, limits: PumpLimits = DEFAULT_PUMP_LIMITS): 'send' | 'wait-drain' | 'wait-ack' | 'done' {
  if (state.sent >= state.size) return 'done';
  if (state.bufferedAmount >= limits.highWaterBytes) return 'wait-drain';
  if (state.sent - state.acked >= limits.maxUnackedBytes) return 'wait-ack';
  return 'send';
}
