import { describe, expect, it } from 'vitest';
import { PeerLink } from '../../../../client/rtc/PeerLink.js';
import type { SignalPayload } from '../../../../protocol/signaling.js';

const OFFER = { type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' } as const;
const ANSWER_SDP = 'v=0\r\no=- 3 4 IN IP4 127.0.0.1\r\n';

/** Just enough of an RTCPeerConnection to answer an offer, with setLocalDescription held open. */
class HeldPeerConnection {
  signalingState: RTCSignalingState = 'stable';
  localDescription: RTCSessionDescriptionInit | null = null;
  remoteDescription: RTCSessionDescriptionInit | null = null;
  iceConnectionState: RTCIceConnectionState = 'new';
  connectionState: RTCPeerConnectionState = 'new';
  onnegotiationneeded: (() => void) | null = null;
  onicecandidate: ((event: { candidate: null }) => void) | null = null;
  oniceconnectionstatechange: (() => void) | null = null;
  onconnectionstatechange: (() => void) | null = null;
  readonly setLocal: RTCSessionDescriptionInit[] = [];
  private releaseLocal: (() => void) | null = null;
  closed = false;

  createDataChannel(label: string) {
    return { label, binaryType: 'blob', onopen: null, onclose: null, onmessage: null, close() {} };
  }
  async setRemoteDescription(description: RTCSessionDescriptionInit): Promise<void> {
    this.remoteDescription = description;
    this.signalingState = 'have-remote-offer';
  }
  async createAnswer(): Promise<RTCSessionDescriptionInit> {
    return { type: 'answer', sdp: ANSWER_SDP };
  }
  setLocalDescription(description: RTCSessionDescriptionInit): Promise<void> {
    this.setLocal.push(description);
    return new Promise((resolve) => {
      this.releaseLocal = () => {
        this.localDescription = description;
        this.signalingState = 'stable';
        resolve();
      };
    });
  }
  /** Lets the held setLocalDescription finish. */
  release(): void {
    this.releaseLocal?.();
  }
  close(): void {
    this.closed = true;
  }
}

function answeringLink() {
  const pc = new HeldPeerConnection();
  const link = new PeerLink({ polite: false, iceServers: [], standby: true, createPeerConnection: () => pc as unknown as RTCPeerConnection });
  const signals: SignalPayload[] = [];
  link.on('signal', (signal) => signals.push(signal));
  return { pc, link, signals };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('PeerLink answering an offer', () => {
  it('sends the answer before its own setLocalDescription has finished, and sets that same answer', async () => {
    const { pc, link, signals } = answeringLink();
    const handled = link.handleSignal({ description: OFFER } as SignalPayload);
    await settle();

    expect(pc.localDescription).toBeNull();
    expect(signals).toEqual([{ description: { type: 'answer', sdp: ANSWER_SDP } }]);
    expect(pc.setLocal).toEqual([{ type: 'answer', sdp: ANSWER_SDP }]);

    pc.release();
    await handled;
    expect(pc.localDescription).toEqual({ type: 'answer', sdp: ANSWER_SDP });
    expect(signals).toHaveLength(1);
  });

  it('sends no answer once the link was closed while the answer was being made', async () => {
    const { pc, link, signals } = answeringLink();
    const originalCreate = pc.createAnswer.bind(pc);
    pc.createAnswer = async () => {
      const answer = await originalCreate();
      link.close();
      return answer;
    };
    await link.handleSignal({ description: OFFER } as SignalPayload);

    expect(pc.closed).toBe(true);
    expect(signals).toEqual([]);
    expect(pc.setLocal).toEqual([]);
  });
});
