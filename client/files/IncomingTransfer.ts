/**
 * The receiving side of one transfer: checks every chunk against the ledger, hands them in
 * batches to the file worker (never the whole file in memory), which hashes and stores them in
 * IndexedDB; acknowledges what the worker says is durable, and has it verify the SHA-256 once
 * the sender announced it and every byte is stored. The hash always covers exactly the stored
 * bytes, so a resume never double-counts.
 */
import type { Role } from '../../protocol/ids.js';
import type { FileErrorCode } from '../../protocol/fileTransfer.js';
import { deleteChunks, type FileTransferRecord, type TransferState } from '../storage/fileStore.js';
import { STORE_BATCH_BYTES } from './chunker.js';
import { failureCode, type FileBytes } from './FileBytes.js';
import { contentMatchesName, previewTypeOf, SNIFF_BYTES } from './sniffContent.js';
import { asFileErrorCode, type TransferHost, type TransferView } from './TransferHost.js';
import { TransferRate } from './TransferRate.js';
import { ReceiveLedger } from './transferLedger.js';
import { pageFileBytes } from './WorkerFileBytes.js';

const FINAL: readonly TransferState[] = ['complete', 'cancelled', 'failed'];

export class IncomingTransfer {
  readonly ledger: ReceiveLedger;
  private readonly rate = new TransferRate();
  /** Where the bytes are hashed and stored (the page's file worker), from the first need on. */
  private bytes: FileBytes | null = null;
  private opened: Promise<void> | null = null;
  private finishing = false;
  /** Chunks received and not yet queued for storage. */
  private batch: Uint8Array[] = [];
  private batchBytes = 0;
  /** Storage writes run one after the other. */
  private writes: Promise<void> = Promise.resolve();
  /** The link on which we last asked the sender for bytes: one accept per link. */
  private acceptedOn: object | null = null;

  constructor(
    readonly record: FileTransferRecord,
    private readonly host: TransferHost,
  ) {
    this.ledger = new ReceiveLedger(record.size, record.chunkBytes, record.storedBytes);
  }

  /** After a reload: the hash of the stored bytes is rebuilt from storage before resuming (or the transfer fails). */
  async rehashStored(): Promise<void> {
    try {
      await this.open(true);
    } catch (error) {
      this.fail(failureCode(error, 'FILE_STORAGE_FAILED'), false);
    }
  }

  /** Starts the transfer's hash in the worker, once (over the stored bytes first when `rehash`). */
  private open(rehash: boolean): Promise<void> {
    this.bytes ??= pageFileBytes();
    return (this.opened ??= this.bytes.openIncoming(this.id, rehash));
  }

  get id(): string {
    return this.record.transferId;
  }

  get isFinal(): boolean {
    return FINAL.includes(this.record.state);
  }

  view(now = performance.now()): TransferView {
    const r = this.record;
    const done = r.state === 'complete' ? r.size : this.ledger.received;
    this.rate.sample(done, now);
    return {
      transferId: r.transferId,
      direction: 'in',
      state: r.state,
      name: r.name,
      size: r.size,
      bytesDone: done,
      bytesPerSecond: r.state === 'receiving' ? this.rate.bytesPerSecond : null,
      etaMs: r.state === 'receiving' ? this.rate.etaMs(r.size - done) : null,
      ...(r.sha256 ? { sha256: r.sha256 } : {}),
      ...(r.errorCode ? { errorCode: r.errorCode } : {}),
      ...(r.cancelledBy ? { cancelledBy: r.cancelledBy } : {}),
      ...(r.previewType ? { previewType: r.previewType } : {}),
      contentMismatch: r.contentMismatch === true,
    };
  }

  /**
   * Asks the sender for the bytes from what is stored on (once per link). Bytes received but
   * not yet stored are dropped and asked for again.
   */
  async requestBytes(link: object): Promise<void> {
    if (this.isFinal || this.acceptedOn === link) return;
    this.acceptedOn = link;
    this.batch = [];
    this.batchBytes = 0;
    await this.writes;
    try {
      await this.open(false);
    } catch (error) {
      return this.fail(failureCode(error, 'FILE_STORAGE_FAILED'), true);
    }
    if (this.isFinal || this.acceptedOn !== link) return;
    const offset = this.ledger.resumeOffset();
    this.host.send({ type: 'file-accept', transferId: this.id, offset });
    await this.finishIfReady();
  }

  /** A chunk for this transfer. Returns false when refused (the transfer then fails). */
  handleChunk(offset: number, bytes: Uint8Array): boolean {
    if (this.isFinal) return true; // in flight when it ended: dropped
    const refused = this.ledger.acceptChunk(offset, bytes.byteLength);
    if (refused) {
      this.fail(refused, true);
      return false;
    }
    if (offset === 0) this.sniff(bytes.subarray(0, SNIFF_BYTES));
    this.batch.push(bytes);
    this.batchBytes += bytes.byteLength;
    if (this.batchBytes >= STORE_BATCH_BYTES || this.ledger.allReceived) this.flush();
    this.host.changed(this.id);
    return true;
  }

  /** The sender has sent everything; `sha256` is what it computed. */
  handleSenderComplete(sha256: string): void {
    if (this.isFinal) return;
    this.record.expectedSha256 = sha256;
    this.host.persist(this.id, { expectedSha256: sha256 });
    void this.writes.then(() => this.finishIfReady());
  }

  handleCancel(by: Role): void {
    if (this.isFinal) return;
    this.record.cancelledBy = by;
    this.end('cancelled', { cancelledBy: by });
  }

  cancel(): void {
    if (this.isFinal) return;
    this.handleCancel(this.host.role);
    this.host.send({ type: 'file-cancel', transferId: this.id });
    this.host.note('file-cancelled', this.record, { by: this.host.role });
  }

  handleError(code: FileErrorCode): void {
    if (!this.isFinal) this.fail(code, false);
  }

  /** The offer again, or a message about a transfer that has ended: say how it ended. */
  replyFinal(): void {
    const r = this.record;
    if (r.state === 'cancelled') this.host.send({ type: 'file-cancel', transferId: r.transferId });
    else if (r.state === 'failed') this.host.send({ type: 'file-error', transferId: r.transferId, code: asFileErrorCode(r.errorCode) });
    else if (r.state === 'complete' && r.sha256) this.host.send({ type: 'file-complete', transferId: r.transferId, sha256: r.sha256 });
  }

  handleLinkDown(): void {
    this.acceptedOn = null;
  }

  fail(code: FileErrorCode, tellPeer: boolean): void {
    if (this.isFinal) return;
    this.record.errorCode = code;
    this.end('failed', { errorCode: code });
    if (tellPeer) {
      this.host.send({ type: 'file-error', transferId: this.id, code });
      this.host.note('file-failed', this.record, { code });
    }
  }

  private sniff(head: Uint8Array): void {
    const previewType = previewTypeOf(head);
    const contentMismatch = contentMatchesName(this.record.name, head) === false;
    if (previewType) this.record.previewType = previewType;
    this.record.contentMismatch = contentMismatch;
    this.host.persist(this.id, { ...(previewType ? { previewType } : {}), contentMismatch });
  }

  /** Queues the batch for the worker: hashed, written with its offset, then acknowledged. */
  private flush(): void {
    const parts = this.batch;
    const length = this.batchBytes;
    const start = this.ledger.received - length;
    this.batch = [];
    this.batchBytes = 0;
    this.writes = this.writes.then(async () => {
      if (this.isFinal) return;
      let stored: boolean;
      try {
        await this.open(false);
        // The parts' buffers move to the worker: nothing here touches them again.
        stored = await this.bytes!.store(this.id, start, parts);
      } catch (error) {
        return this.fail(failureCode(error, 'FILE_STORAGE_FAILED'), true);
      }
      if (this.isFinal) return;
      if (!stored) return this.fail('FILE_STORAGE_FAILED', true);
      // Ack = durable: only now, after the worker's transaction committed.
      this.ledger.markStored(start + length);
      this.record.storedBytes = this.ledger.stored;
      this.host.send({ type: 'file-ack', transferId: this.id, offset: this.ledger.stored });
      await this.finishIfReady();
    });
  }

  /** Every byte stored and the sender's hash known: verify, then report either way. */
  private async finishIfReady(): Promise<void> {
    const expected = this.record.expectedSha256;
    if (this.isFinal || this.finishing || !this.ledger.allStored || !expected) return;
    this.finishing = true;
    let actual: string;
    try {
      await this.open(false);
      actual = await this.bytes!.digest(this.id);
    } catch (error) {
      return this.fail(failureCode(error, 'FILE_STORAGE_FAILED'), true);
    }
    if (this.isFinal) return;
    if (actual !== expected) return this.fail('FILE_HASH_MISMATCH', true);
    this.record.sha256 = actual;
    this.end('complete', { sha256: actual, storedBytes: this.record.size });
    this.host.send({ type: 'file-complete', transferId: this.id, sha256: actual });
    this.host.note('file-completed', this.record);
  }

  private end(state: TransferState, fields: Partial<FileTransferRecord>): void {
    this.record.state = state;
    this.batch = [];
    this.batchBytes = 0;
    this.host.persist(this.id, { state, ...fields });
    const bytes = this.bytes;
    void this.writes.then(() => bytes?.close(this.id)).catch(() => undefined);
    if (state !== 'complete') void this.writes.then(() => deleteChunks(this.id)).catch(() => undefined);
    this.host.changed(this.id);
  }
}
