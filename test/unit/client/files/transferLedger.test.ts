import { describe, expect, it } from 'vitest';
import { ReceiveLedger, SendLedger } from '../../../../client/files/transferLedger.js';

describe('ReceiveLedger', () => {
  it('takes chunks only in order and within the file', () => {
    const ledger = new ReceiveLedger(10_000, 4096);
    expect(ledger.acceptChunk(0, 4096)).toBeNull();
    expect(ledger.acceptChunk(0, 4096)).toBe('FILE_PROTOCOL'); // a repeat
    expect(ledger.acceptChunk(8192, 1808)).toBe('FILE_PROTOCOL'); // a gap
    expect(ledger.acceptChunk(4096, 4097)).toBe('FILE_PROTOCOL'); // bigger than offered
    expect(ledger.acceptChunk(4096, 4096)).toBeNull();
    expect(ledger.acceptChunk(8192, 1809)).toBe('FILE_PROTOCOL'); // past the end
    expect(ledger.acceptChunk(8192, 1808)).toBeNull();
    expect(ledger.allReceived).toBe(true);
    expect(ledger.allStored).toBe(false);
  });

  it('a refused chunk changes nothing', () => {
    const ledger = new ReceiveLedger(10_000, 4096);
    ledger.acceptChunk(0, 4096);
    ledger.acceptChunk(9000, 10);
    expect(ledger.received).toBe(4096);
  });

  it('resumes from what is stored, asking again for what was received but not stored', () => {
    const ledger = new ReceiveLedger(20_000, 4096);
    ledger.acceptChunk(0, 4096);
    ledger.acceptChunk(4096, 4096);
    ledger.markStored(4096);
    ledger.acceptChunk(8192, 4096);
    expect(ledger.resumeOffset()).toBe(4096);
    expect(ledger.acceptChunk(8192, 4096)).toBe('FILE_PROTOCOL');
    expect(ledger.acceptChunk(4096, 4096)).toBeNull();
  });

  it('starts from a stored offset after a reload', () => {
    const ledger = new ReceiveLedger(20_000, 4096, 8192);
    expect(ledger.resumeOffset()).toBe(8192);
    expect(ledger.acceptChunk(8192, 4096)).toBeNull();
  });

  it('refuses to mark more stored than received', () => {
    const ledger = new ReceiveLedger(20_000, 4096);
    ledger.acceptChunk(0, 4096);
    expect(() => ledger.markStored(8192)).toThrow(RangeError);
  });
});

describe('SendLedger', () => {
  it('restarts where the receiver says, but never past what it hashed and sent', () => {
    const ledger = new SendLedger(10_000);
    expect(ledger.restart(0)).toBeNull();
    expect(ledger.takeUnhashed(0, 4096)).toEqual({ start: 0, end: 4096 });
    ledger.recordSent(4096);
    expect(ledger.restart(5000)).toBe('FILE_PROTOCOL');
    expect(ledger.restart(-1)).toBe('FILE_PROTOCOL');
    expect(ledger.restart(2048)).toBeNull();
    expect(ledger.sent).toBe(2048);
    expect(ledger.acked).toBe(2048);
  });

  it('hashes each byte once, in order, however often a resume sends it again', () => {
    const ledger = new SendLedger(10_000);
    expect(ledger.takeUnhashed(0, 4096)).toEqual({ start: 0, end: 4096 });
    expect(ledger.takeUnhashed(2048, 6144)).toEqual({ start: 4096, end: 6144 });
    expect(ledger.takeUnhashed(0, 6144)).toBeNull();
    expect(() => ledger.takeUnhashed(8000, 9000)).toThrow(RangeError);
  });

  it('takes acknowledgements that move forward within what was sent', () => {
    const ledger = new SendLedger(10_000);
    ledger.takeUnhashed(0, 8192);
    ledger.recordSent(8192);
    expect(ledger.handleAck(4096)).toBeNull();
    expect(ledger.handleAck(2048)).toBe('FILE_PROTOCOL');
    expect(ledger.handleAck(9000)).toBe('FILE_PROTOCOL');
    expect(ledger.acked).toBe(4096);
  });

  it('is done sending only when every byte is sent and hashed', () => {
    const ledger = new SendLedger(100);
    ledger.recordSent(100);
    expect(ledger.allSent).toBe(false);
    ledger.takeUnhashed(0, 100);
    expect(ledger.allSent).toBe(true);
  });
});
