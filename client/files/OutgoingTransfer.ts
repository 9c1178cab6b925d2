/**
 * The sending side of one transfer. It keeps the File for the page's life, hashes it once in
 * file order while sending, and paces chunks on the `files` channel by its buffered amount and
 * by the receiver's acknowledgements. After a lost link the receiver's `file-accept` says where
 * to go on from; a reload of this page loses the File, so the transfer cannot resume then.
 */
import type { Role } from '../../protocol/ids.js';
import { encodeFileChunk, type FileErrorCode } from '../../protocol/fileTransfer.js';
import type { FileTransferRecord, PreviewType, TransferState } from '../storage/fileStore.js';
import { FILE_BUFFER_LOW_BYTES, HASH_SLICE_BYTES, nextPumpStep, READ_BLOCK_BYTES } from './chunker.js';
import { createSha256Stream } from './sha256Stream.js';
import { asFileErrorCode, type TransferHost, type TransferView } from './TransferHost.js';
import { TransferRate } from './TransferRate.js';
import { SendLedger } from './transferLedger.js';
import { yieldToEventLoop } from './yieldToEventLoop.js';

const FINAL: readonly TransferState[] = ['complete', 'cancelled', 'failed'];

export class OutgoingTransfer {
  readonly ledger: SendLedger;
  private readonly rate = new TransferRate();
  private readonly hash = createSha256Stream();
  private sha256: string | null = null;
  /** Bumped to stop a running pump (lost link, restart, cancel). */
  private generation = 0;
  private wake: (() => void) | null = null;
  /** Hashing runs one slice at a time, in file order, even across a restarted pump. */
  private hashing: Promise<void> = Promise.resolve();

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
    this.host.changed(this.id);
  }

  /** Waits for an ack, the channel draining, or a stop, whichever comes first. */
  private waitFor(channel: RTCDataChannel, drain: boolean): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        channel.removeEventListener('bufferedamountlow', done);
        channel.removeEventListener('close', done);
        if (this.wake === done) this.wake = null;
        resolve();
      };
      this.wake = done;
      channel.addEventListener('close', done);
      if (drain) channel.addEventListener('bufferedamountlow', done);
    });
  }

  private async pump(channel: RTCDataChannel, generation: number): Promise<void> {
    const file = this.file!;
    const chunkBytes = this.record.chunkBytes;
    // The files channel opens a moment after the control channel that carried the accept.
    if (channel.readyState === 'connecting') await new Promise((resolve) => channel.addEventListener('open', resolve, { once: true }));
    const running = () => generation === this.generation && channel.readyState === 'open';
    channel.bufferedAmountLowThreshold = FILE_BUFFER_LOW_BYTES;
    const read = (start: number) => file.slice(start, Math.min(this.record.size, start + READ_BLOCK_BYTES)).arrayBuffer();
    let next: { start: number; bytes: Promise<ArrayBuffer> } | null = null;
    try {
      while (running()) {
        const step = nextPumpStep({ size: this.record.size, sent: this.ledger.sent, acked: this.ledger.acked, bufferedAmount: channel.bufferedAmount });
        if (step === 'done') break;
        if (step !== 'send') {
          await this.waitFor(channel, step === 'wait-drain');
          continue;
        }
        const start = this.ledger.sent;
        const pending: { start: number; bytes: Promise<ArrayBuffer> } = next?.start === start ? next : { start, bytes: read(start) };
        const block = new Uint8Array(await pending.bytes);
        const end = start + block.byteLength;
        // Read the next block while this one is hashed and sent.
        next = end < this.record.size ? { start: end, bytes: read(end) } : null;
        if (!running()) return;
        await this.hashRange(block, start, end);
        if (!running()) return;
        for (let offset = 0; offset < block.byteLength; offset += chunkBytes) {
          const piece = block.subarray(offset, offset + chunkBytes);
          channel.send(encodeFileChunk(this.record.tag, start + offset, piece));
          this.ledger.recordSent(piece.byteLength);
        }
        this.host.changed(this.id);
      }
      if (running() && this.ledger.allSent) {
        await this.hashing;
        this.sha256 ??= (await this.hash).digestHex();
        this.host.send({ type: 'file-complete', transferId: this.id, sha256: this.sha256 });
      }
    } catch (error) {
      // A read error (the file changed or vanished on disk) or a send on a closing channel.
      if (generation === this.generation && channel.readyState === 'open') {
        console.warn('file transfer: sending stopped', error);
        this.fail('FILE_SOURCE_GONE', true);
      }
    }
  }

  /** Hashes the part of [start, end) not hashed yet, in slices, letting chat run in between. */
  private hashRange(block: Uint8Array, start: number, end: number): Promise<void> {
    const range = this.ledger.takeUnhashed(start, end);
    if (!range) return this.hashing;
    this.hashing = this.hashing.then(async () => {
      const hash = await this.hash;
      for (let at = range.start; at < range.end; at += HASH_SLICE_BYTES) {
        hash.update(block.subarray(at - start, Math.min(range.end, at + HASH_SLICE_BYTES) - start));
        if (at + HASH_SLICE_BYTES < range.end) await yieldToEventLoop();
      }
    });
    return this.hashing;
  }
}
