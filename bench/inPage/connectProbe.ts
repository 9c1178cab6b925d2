/**
 * Runs inside the customer page (handed to page.evaluate: no imports, no closures). Times
 * from the Join press to the connection badge showing `connected`, on the page's own clock,
 * so Playwright's round trips to the browser are not part of the figure.
 */

export interface ConnectProbe {
  clickAt: number | null;
  /** The `join` request handed to the signaling socket. */
  joinSentAt: number | null;
  /** The rep's offer given to setRemoteDescription (it has arrived and is being applied). */
  offerAt: number | null;
  /** The customer's answer set as its local description (it leaves for the rep right after). */
  answerAt: number | null;
  connectedAt: number | null;
}

type ProbeWindow = Window & { __benchConnect?: ConnectProbe };

export function installConnectProbe(): void {
  const probe: ConnectProbe = { clickAt: null, joinSentAt: null, offerAt: null, answerAt: null, connectedAt: null };
  (window as ProbeWindow).__benchConnect = probe;
  // Where the time goes, on the same clock: the page's own calls, wrapped on the prototypes
  // (the socket is already open; the peer connection does not exist yet).
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (this: WebSocket, data) {
    if (probe.joinSentAt === null && probe.clickAt !== null && typeof data === 'string' && data.includes('"type":"join"')) probe.joinSentAt = performance.now();
    return send.call(this, data);
  };
  const setRemote = RTCPeerConnection.prototype.setRemoteDescription as (this: RTCPeerConnection, description: RTCSessionDescriptionInit) => Promise<void>;
  RTCPeerConnection.prototype.setRemoteDescription = function (this: RTCPeerConnection, description?: RTCSessionDescriptionInit) {
    if (probe.offerAt === null && description?.type === 'offer') probe.offerAt = performance.now();
    return setRemote.call(this, description as RTCSessionDescriptionInit);
  };
  const setLocal = RTCPeerConnection.prototype.setLocalDescription as (this: RTCPeerConnection, description?: RTCLocalSessionDescriptionInit) => Promise<void>;
  RTCPeerConnection.prototype.setLocalDescription = function (this: RTCPeerConnection, description?: RTCLocalSessionDescriptionInit) {
    return setLocal.call(this, description).then(() => {
      if (probe.answerAt === null && this.localDescription?.type === 'answer') probe.answerAt = performance.now();
    });
  };
  const submit = document.querySelector('[data-testid="join-submit"]');
  if (!submit) throw new Error('join-submit not found');
  // Capture phase on the window: this runs before the app's own handlers see the click.
  window.addEventListener(
    'click',
    (event) => {
      if (probe.clickAt === null && event.target instanceof Node && submit.contains(event.target)) probe.clickAt = performance.now();
    },
    { capture: true },
  );
  const observer = new MutationObserver(() => {
    const state = document.querySelector('[data-testid="connection-status"]')?.getAttribute('data-state');
    if (state === 'connected' && probe.clickAt !== null && probe.connectedAt === null) {
      probe.connectedAt = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
}

export function readConnectProbe(): ConnectProbe | null {
  return (window as ProbeWindow).__benchConnect ?? null;
}
