/**
 * The sending side of one transfer. It keeps the File for the page's life; the file worker
 * reads it, hashes it once in file order and cuts it into chunk frames, which this side paces
 * on the `files` channel by its buffered amount and by the receiver's acknowledgements. After a lost link the receiver's `file-accept` says where
 * to go on from; a reload of this page loses the File, so the transfer cannot resume then.
 */
import type { Role } from '../../protocol/ids.js';
import { FILE_CHUNK_HEADER_BYTES, type FileErrorCode } from '../../protocol/fileTransfer.js';
import type { FileTransferRecord, PreviewType, TransferState } from '../storage/fileStore.js';
import { nextPumpStep, READ_AHEAD_BLOCKS, READ_BLOCK_BYTES, type PumpLimits } from './chunker.js';
import { failureCode, type FileBytes } from './FileBytes.js';
import { asFileErrorCode, type TransferHost, type TransferView } from './TransferHost.js';
import { TransferRate } from './TransferRate.js';
import { SendLedger } from './transferLedger.js';
import { pageFileBytes } from './WorkerFileBytes.js';

const FINAL: readonly TransferState[] = ['complete', 'cancelled', 'failed'];

/** A block of the file asked of the worker: its chunk frames, once read and hashed. */
interface ReadBlock {
  readonly start: number;
  readonly end: number;
  readonly frames: Promise<ArrayBuffer[]>;
}

export class OutgoingTransfer {
  readonly ledger: SendLedger;
  private readonly rate = new TransferRate();
  /** Where the File is read and hashed (the page's file worker), from the first accept on. */
  private bytes: FileBytes | null = null;
  private opened: Promise<void> | null = null;
  private sha256: string | null = null;
  /** Bumped to stop a running pump (lost link, restart, cancel). */
  private generation = 0;
  private wake: (() => void) | null = null;

  constructor(
    readonly record: FileTransferRecord,
    private readonly file: File | null,
    private readonly host: TransferHost,
    readonly previewType: PreviewType | null = null,
  ) {
    this.ledger = new SendLedger(record.size);
  }

  get id(): string {
    return this.record.transferId;
  }

  get isFinal(): boolean {
    return FINAL.includes(this.record.state);
  }

  /** The sender's own copy, for its preview. */
  get source(): File | null {
    return this.file;
  }

  view(now = performance.now()): TransferView {
    const done = this.record.state === 'complete' ? this.record.size : this.ledger.sent;
    this.rate.sample(done, now);
    const r = this.record;
    return {
      transferId: r.transferId,
      direction: 'out',
      state: r.state,
      name: r.name,
      size: r.size,
      bytesDone: done,
      bytesPerSecond: r.state === 'sending' ? this.rate.bytesPerSecond : null,
      etaMs: r.state === 'sending' ? this.rate.etaMs(r.size - done) : null,
      ...(r.sha256 ? { sha256: r.sha256 } : {}),
      ...(r.errorCode ? { errorCode: r.errorCode } : {}),
      ...(r.cancelledBy ? { cancelledBy: r.cancelledBy } : {}),
      ...(this.previewType ? { previewType: this.previewType } : {}),
      contentMismatch: false,
    };
  }

  offer() {
    const r = this.record;
    return { type: 'file-offer', transferId: r.transferId, tag: r.tag, name: r.name, size: r.size, mimeType: r.mimeType, chunkBytes: r.chunkBytes } as const;
  }

  /** The receiver asks for the bytes from `offset` on `channel` (first start or resume). */
  handleAccept(offset: number, channel: RTCDataChannel): void {
    if (this.isFinal) return this.replyFinal();
    if (!this.file) return this.fail('FILE_SOURCE_GONE', true);
    const refused = this.ledger.restart(offset);
    if (refused) return this.fail(refused, true);
    this.setState('sending');
    this.rate.reset();
    void this.pump(channel, ++this.generation);
  }

  handleAck(offset: number): void {
    if (this.isFinal) return;
    const refused = this.ledger.handleAck(offset);
    if (refused) return this.fail(refused, true);
    this.record.storedBytes = offset;
    this.wakeUp();
  }

  /** The receiver stored and verified the file. */
  handleComplete(sha256: string): void {
    if (this.isFinal) return;
    if (sha256 !== this.sha256) return this.fail('FILE_HASH_MISMATCH', true);
    this.record.sha256 = sha256;
    this.stop();
    this.setState('complete', { sha256, storedBytes: this.record.size });
    this.host.fileVerified(this.id, sha256);
  }

  handleCancel(by: Role): void {
    if (this.isFinal) return;
    this.stop();
    this.record.cancelledBy = by;
    this.setState('cancelled', { cancelledBy: by });
  }

  /** This side cancels: tell the peer (if linked; otherwise it hears at the next accept). */
  cancel(): void {
    if (this.isFinal) return;
    this.handleCancel(this.host.role);
    this.host.send({ type: 'file-cancel', transferId: this.id });
    this.host.note('file-cancelled', this.record, { by: this.host.role });
  }

  /** The peer reported an error: the transfer stops with its code. */
  handleError(code: FileErrorCode): void {
    if (this.isFinal) return;
    this.fail(code, false);
  }

  /** The link closed: the pump stops and waits for the receiver's next accept. */
  handleLinkDown(): void {
    this.stop();
  }

  /** A message about a finished transfer: say again how it ended. */
  replyFinal(): void {
    const r = this.record;
    if (r.state === 'cancelled') this.host.send({ type: 'file-cancel', transferId: r.transferId });
    else if (r.state === 'failed') this.host.send({ type: 'file-error', transferId: r.transferId, code: asFileErrorCode(r.errorCode) });
  }

  private fail(code: FileErrorCode, tellPeer: boolean): void {
    this.stop();
    this.record.errorCode = code;
    this.setState('failed', { errorCode: code });
    if (tellPeer) {
      this.host.send({ type: 'file-error', transferId: this.id, code });
      this.host.note('file-failed', this.record, { code });
    }
  }

  private stop(): void {
    this.generation++;
    this.wakeUp();
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private setState(state: TransferState, fields: Partial<FileTransferRecord> = {}): void {
    this.record.state = state;
    this.host.persist(this.id, { state, ...fields });
    if (this.isFinal) this.bytes?.close(this.id);
    this.host.changed(this.id);
  }

  /**
   * Waits for an ack, a stop, the channel closing, and (`drain`) its draining or (`ms`) that
   * long passing (the chat's hold), whichever comes first.
   */
  private waitFor(channel: RTCDataChannel, until: { drain: boolean; ms?: number }): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        channel.removeEventListener('bufferedamountlow', done);
        channel.removeEventListener('close', done);
        if (this.wake === done) this.wake = null;
        resolve();
      };
      const timer = until.ms === undefined ? undefined : setTimeout(done, until.ms);
      this.wake = done;
      channel.addEventListener('close', done);
      if (until.drain) channel.addEventListener('bufferedamountlow', done);
    });
  }

  private async pump(channel: RTCDataChannel, generation: number): Promise<void> {
    const file = this.file!;
    const { tag, chunkBytes, size } = this.record;
    // The files channel opens a moment after the control channel that carried the accept.
    if (channel.readyState === 'connecting') await new Promise((resolve) => channel.addEventListener('open', resolve, { once: true }));
    const running = () => generation === this.generation && channel.readyState === 'open';
    const bytes = (this.bytes ??= pageFileBytes());
    // Each block is hashed (once, in file order) by the worker as it is read.
    // Chunks are cut at the pacing's size (smaller while people chat), never above the offer's.
    const read = (start: number, limits: PumpLimits): ReadBlock => {
      const end = Math.min(size, start + READ_BLOCK_BYTES);
      const hashFrom = this.ledger.takeUnhashed(start, end)?.start ?? null;
      const frames = bytes.readFrames(this.id, { tag, start, end, chunkBytes: Math.min(chunkBytes, limits.chunkBytes), hashFrom });
      frames.catch(() => undefined); // a read-ahead left behind by a stop may fail unawaited
      return { start, end, frames };
    };
    /** Blocks asked of the worker ahead of the one being sent, in file order. */
    const ahead: ReadBlock[] = [];
    /** The block being sent, frame by frame: no more goes on the channel than the limits allow. */
    let block: { frames: readonly ArrayBuffer[]; index: number } | null = null;
    try {
      await (this.opened ??= bytes.openOutgoing(this.id, file));
      while (running()) {
        const hold = this.host.pumpHoldMs();
        if (hold > 0) {
          await this.waitFor(channel, { drain: false, ms: hold });
          continue;
        }
        const limits = this.host.pumpLimits();
        channel.bufferedAmountLowThreshold = limits.lowWaterBytes;
        if (!block || block.index === block.frames.length) {
          const step = nextPumpStep({ size, sent: this.ledger.sent, acked: this.ledger.acked, bufferedAmount: channel.bufferedAmount }, limits);
          if (step === 'done') break;
          if (step !== 'send') {
            await this.waitFor(channel, { drain: step === 'wait-drain' });
            continue;
          }
          const start = this.ledger.sent;
          while (ahead.length > 0 && ahead[0]!.start !== start) ahead.shift();
          const pending: ReadBlock = ahead.shift() ?? read(start, limits);
          // Keep the worker READ_AHEAD_BLOCKS ahead, so a slow read does not leave the channel idle.
          for (let from = ahead.at(-1)?.end ?? pending.end; ahead.length < READ_AHEAD_BLOCKS && from < size; from = ahead.at(-1)!.end) {
            ahead.push(read(from, limits));
          }
          const frames = await pending.frames;
          if (!running()) return;
          block = { frames, index: 0 };
        }
        while (block.index < block.frames.length && channel.bufferedAmount < limits.highWaterBytes) {
          const frame = block.frames[block.index++]!;
          channel.send(frame);
          this.ledger.recordSent(frame.byteLength - FILE_CHUNK_HEADER_BYTES);
        }
        this.host.changed(this.id);
        if (block.index < block.frames.length) await this.waitFor(channel, { drain: true });
      }
      if (running() && this.ledger.allSent) {
        this.sha256 ??= await bytes.digest(this.id);
        if (!running()) return;
        this.host.send({ type: 'file-complete', transferId: this.id, sha256: this.sha256 });
      }
    } catch (error) {
      // A read error (the file changed or vanished on disk), the worker failing, or a send on a
      // closing channel.
      if (generation === this.generation && channel.readyState === 'open') {
        const code = failureCode(error, 'FILE_SOURCE_GONE');
        console.warn('file transfer: sending stopped', code);
        this.fail(code, true);
      }
    }
  }
}
