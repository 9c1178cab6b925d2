/**
 * Bytes on one data channel, from the browser's own WebRTC statistics (the app's messages as
 * sent: headers of our framing included, SCTP and DTLS overhead not). An init script keeps
 * every RTCPeerConnection the page makes; the reader asks the connected one for its stats.
 */

/** Added to a context before its pages load (addInitScript). */
export const PEER_CONNECTION_TRACKER = `
(() => {
  const Original = window.RTCPeerConnection;
  if (!Original || window.__benchPeerConnections) return;
  const list = (window.__benchPeerConnections = []);
  window.RTCPeerConnection = class extends Original {
    constructor(...args) {
      super(...args);
      list.push(this);
    }
  };
})();`;

export interface ChannelBytes {
  readonly bytes: number;
  readonly messages: number;
}

type TrackerWindow = Window & { __benchPeerConnections?: RTCPeerConnection[] };

/** Received bytes and messages on the channel `label` of the page's open connection. */
export async function readChannelBytes(label: string): Promise<ChannelBytes | null> {
  const connections = (window as TrackerWindow).__benchPeerConnections ?? [];
  for (const pc of [...connections].reverse()) {
    if (pc.connectionState !== 'connected') continue;
    const stats = await pc.getStats();
    for (const report of stats.values()) {
      if (report.type === 'data-channel' && report.label === label) {
        return { bytes: Number(report.bytesReceived ?? 0), messages: Number(report.messagesReceived ?? 0) };
      }
    }
  }
  return null;
}
