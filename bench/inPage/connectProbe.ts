/**
 * Runs inside the customer page, installed before the page's own scripts (an init script: no
 * imports, no closures), so it also sees the link the page prepares before Join. Times from the
 * Join press to the chat channel open and to the connection badge showing `connected`, on the
 * page's own clock, so Playwright's round trips to the browser are not part of the figures.
 */

export interface ConnectProbe {
  clickAt: number | null;
  /** The `join` request handed to the signaling socket. */
  joinSentAt: number | null;
  /**
   * The rep's description given to setRemoteDescription: its answer to the offer the customer
   * joined with, or (when the customer joined without one) its own offer.
   */
  remoteAt: number | null;
  /** This page is done with offer and answer: the rep's answer applied, or its own answer set. */
  negotiatedAt: number | null;
  /** The `control` data channel open (the chat channel). */
  channelOpenAt: number | null;
  connectedAt: number | null;
}

type ProbeWindow = Window & { __benchConnect?: ConnectProbe };

export function installConnectProbe(): void {
  const probe: ConnectProbe = { clickAt: null, joinSentAt: null, remoteAt: null, negotiatedAt: null, channelOpenAt: null, connectedAt: null };
  (window as ProbeWindow).__benchConnect = probe;
  const now = () => performance.now();
  const afterClick = () => probe.clickAt !== null;
  // Where the time goes, on the same clock: the page's own calls, wrapped on the prototypes.
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (this: WebSocket, data) {
    if (probe.joinSentAt === null && afterClick() && typeof data === 'string' && data.includes('"type":"join"')) probe.joinSentAt = now();
    return send.call(this, data);
  };
  const setRemote = RTCPeerConnection.prototype.setRemoteDescription as (this: RTCPeerConnection, description: RTCSessionDescriptionInit) => Promise<void>;
  RTCPeerConnection.prototype.setRemoteDescription = function (this: RTCPeerConnection, description?: RTCSessionDescriptionInit) {
    if (probe.remoteAt === null && afterClick() && description?.type) probe.remoteAt = now();
    const applied = setRemote.call(this, description as RTCSessionDescriptionInit);
    if (description?.type === 'answer') void applied.then(() => afterClick() && (probe.negotiatedAt ??= now()), () => undefined);
    return applied;
  };
  const setLocal = RTCPeerConnection.prototype.setLocalDescription as (this: RTCPeerConnection, description?: RTCLocalSessionDescriptionInit) => Promise<void>;
  RTCPeerConnection.prototype.setLocalDescription = function (this: RTCPeerConnection, description?: RTCLocalSessionDescriptionInit) {
    return setLocal.call(this, description).then(() => {
      if (afterClick() && this.localDescription?.type === 'answer') probe.negotiatedAt ??= now();
    });
  };
  const createDataChannel = RTCPeerConnection.prototype.createDataChannel as (this: RTCPeerConnection, label: string, init?: RTCDataChannelInit) => RTCDataChannel;
  RTCPeerConnection.prototype.createDataChannel = function (this: RTCPeerConnection, label: string, init?: RTCDataChannelInit) {
    const channel = createDataChannel.call(this, label, init);
    if (label === 'control') channel.addEventListener('open', () => afterClick() && (probe.channelOpenAt ??= now()));
    return channel;
  };
  // Capture phase on the window: this runs before the app's own handlers see the click.
  window.addEventListener(
    'click',
    (event) => {
      const target = event.target instanceof Element ? event.target : null;
      if (probe.clickAt === null && target?.closest('[data-testid="join-submit"]')) probe.clickAt = now();
    },
    { capture: true },
  );
  const observer = new MutationObserver(() => {
    const state = document.querySelector('[data-testid="connection-status"]')?.getAttribute('data-state');
    if (state === 'connected' && afterClick() && probe.connectedAt === null) {
      probe.connectedAt = now();
      observer.disconnect();
    }
  });
  const observe = () => observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
  if (document.body) observe();
  else document.addEventListener('DOMContentLoaded', observe, { once: true });
}

export function readConnectProbe(): ConnectProbe | null {
  return (window as ProbeWindow).__benchConnect ?? null;
}
