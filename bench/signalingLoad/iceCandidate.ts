/**
 * The relay test's payload: a realistic host ICE candidate whose foundation (the digits after
 * `candidate:`) carries the send time in microseconds, so the receiver reads it back from the
 * payload itself. All three products carry the same candidate line.
 */

export interface CandidateInit {
  readonly candidate: string;
  readonly sdpMid: string;
  readonly sdpMLineIndex: number;
  readonly usernameFragment: string;
}

export function timedCandidate(sentAt: number, index: number): CandidateInit {
  const port = 50_000 + (index % 10_000);
  return {
    candidate: `candidate:${Math.round(sentAt * 1000)} 1 udp 2122260223 192.168.1.20 ${port} typ host generation 0 ufrag Xb4q network-id 1`,
    sdpMid: '0',
    sdpMLineIndex: 0,
    usernameFragment: 'Xb4q',
  };
}

/** The send time (performance.now() milliseconds) carried by a candidate line, or null. */
export function sentAtOf(candidate: string): number | null {
  const match = /^candidate:(\d{1,18}) /.exec(candidate);
  return match ? Number(match[1]) / 1000 : null;
}
