/**
 * What the customer's page leaves until its link to the rep is open after Join: drawing the chat
 * view and, on a first join, opening the conversation's storage, writing its record and looking
 * up stored file transfers. Done while ICE, DTLS and SCTP ran, they took the CPU those need on a
 * busy machine (bench/README.md, "Connect time"). The page waits at most LINK_OPEN_WAIT_MS; a rejoin or a slow network goes on
 * without the link after that.
 */
import { onceEventOrTimeout } from '../core/onceEventOrTimeout.js';
import type { SupportSession } from '../session/SupportSession.js';

export const LINK_OPEN_WAIT_MS = 250;

/** Runs `run` once the session's link is open, or after LINK_OPEN_WAIT_MS; returns a cancel function. */
export function whenLinkOpen(session: SupportSession, run: () => void): () => void {
  return onceEventOrTimeout((fire) => session.on('link', (link) => link && fire()), LINK_OPEN_WAIT_MS, run);
}
