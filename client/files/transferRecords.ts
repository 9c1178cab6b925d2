/** The stored record a transfer starts with, on each side. */
import type { SessionId } from '../../protocol/ids.js';
import type { PeerMessageOf } from '../../protocol/peerMessage.js';
import { MAX_FILE_TYPE_CHARS } from '../../protocol/fileTransfer.js';
import { randomId } from '../core/randomId.js';
import type { FileTransferRecord } from '../storage/fileStore.js';
import { FILE_CHUNK_BYTES } from './chunker.js';

/** A file this side is about to offer: a fresh id and a random tag for its chunk frames. */
export function outgoingRecord(sessionId: SessionId, file: File, name: string, now = Date.now()): FileTransferRecord {
  return {
    transferId: randomId(12),
    sessionId,
    direction: 'out',
    tag: crypto.getRandomValues(new Uint32Array(1))[0]!,
    name,
    size: file.size,
    mimeType: file.type.slice(0, MAX_FILE_TYPE_CHARS),
    chunkBytes: FILE_CHUNK_BYTES,
    createdAt: now,
    state: 'offered',
    storedBytes: 0,
    updatedAt: now,
  };
}

/** A file the peer offers, as it will be received. */
export function incomingRecord(sessionId: SessionId, offer: PeerMessageOf<'file-offer'>, now = Date.now()): FileTransferRecord {
  return {
    transferId: offer.transferId,
    sessionId,
    direction: 'in',
    tag: offer.tag,
    name: offer.name,
    size: offer.size,
    mimeType: offer.mimeType,
    chunkBytes: offer.chunkBytes,
    createdAt: now,
    state: 'receiving',
    storedBytes: 0,
    updatedAt: now,
  };
}
