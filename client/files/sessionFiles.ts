/**
 * One FileTransferManager per SupportSession, started by the page's controller with the
 * session (so offers reach a session whose tab is not shown) and found by the components.
 */
import type { SupportSession } from '../session/SupportSession.js';
import { FileTransferManager, type FileTransferOptions } from './FileTransferManager.js';

const managers = new WeakMap<SupportSession, FileTransferManager>();

/** Starts file transfers for a session; the returned function stops them (page leaving, tab closed). */
export function startFileTransfers(session: SupportSession, options: FileTransferOptions): () => void {
  const manager = new FileTransferManager(session, options);
  managers.set(session, manager);
  return () => {
    manager.dispose();
    managers.delete(session);
  };
}

export function fileTransfersOf(session: SupportSession): FileTransferManager | null {
  return managers.get(session) ?? null;
}
