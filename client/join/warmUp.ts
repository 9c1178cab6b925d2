/**
 * While the customer fills in the join form, the page does once, on throwaway objects, the work
 * that joining then does with the rep's offer waiting: the page's first RTCPeerConnections
 * (which start the browser's WebRTC machinery for this page: an offer on one, answered by the
 * other) and the first run of the transcript, update-guard, framing and validation code (which
 * V8 compiles on first use). Measured on the customer page, these first runs were tens of
 * milliseconds on the path from Join to connected (bench/README.md, connect time).
 *
 * Nothing leaves the page: no local description is set on the answering side, so nothing
 * gathers ICE candidates or touches the network, and nothing is stored. Errors are ignored:
 * the real join does the same work again anyway.
 */
import * as Y from 'yjs';
import { CONTROL_KIND, ControlReassembler, encodeControlFrames, packControlPayloads, unpackControlPayload } from '../../protocol/controlFrame.js';
import type { InstanceId, SessionId } from '../../protocol/ids.js';
import { encodePeerMessage, parsePeerMessage } from '../../protocol/peerMessage.js';
import { PROTOCOL_VERSION } from '../../protocol/version.js';
import { Transcript } from '../transcript/Transcript.js';
import { updateGuardOf } from '../transcript/UpdateGuard.js';

export async function warmUpJoin(): Promise<void> {
  await warmUpPeerConnection().catch(() => undefined);
  try {
    warmUpTranscript();
  } catch {
    // best effort
  }
}

async function warmUpPeerConnection(): Promise<void> {
  if (typeof RTCPeerConnection !== 'function') return;
  const offering = new RTCPeerConnection();
  const answering = new RTCPeerConnection();
  try {
    offering.createDataChannel('control', { negotiated: true, id: 0 });
    const offer = await offering.createOffer();
    await answering.setRemoteDescription(offer);
    await answering.createAnswer();
  } finally {
    offering.close();
    answering.close();
  }
}

function warmUpTranscript(): void {
  const rep = new Transcript();
  const customer = new Transcript();
  try {
    rep.setDetails({ sessionId: 'warm-up' as SessionId, startedAt: Date.now(), customerName: 'Warm-up', query: 'Warm-up', repName: 'Warm-up' });
    rep.appendMessage('rep', 'Warm-up', 'Warm-up');
    const update = Y.encodeStateAsUpdate(rep.doc);
    if (updateGuardOf(customer.doc, 'customer').inspect(update).kind === 'accept') Y.applyUpdate(customer.doc, update);
    customer.appendMessage('customer', 'Warm-up', 'Warm-up');
    customer.entries();
    const hello = encodePeerMessage({ type: 'hello', version: PROTOCOL_VERSION, role: 'customer', instanceId: 'warm-up' as InstanceId });
    const [batch] = packControlPayloads([
      { kind: CONTROL_KIND.SYNC, payload: update },
      { kind: CONTROL_KIND.MESSAGE, payload: hello },
    ]);
    const reassembler = new ControlReassembler();
    for (const frame of encodeControlFrames(batch!.kind, batch!.payload)) {
      const result = reassembler.push(frame);
      if (!result.ok || !result.value) continue;
      const parts = unpackControlPayload(result.value);
      if (parts.ok) for (const part of parts.value) if (part.kind === CONTROL_KIND.MESSAGE) parsePeerMessage(part.payload);
    }
  } finally {
    rep.doc.destroy();
    customer.doc.destroy();
  }
}
