/**
 * Reps and customers in Node: the same session core the browser runs (SignalingClient,
 * SupportSession, PeerLink, Transcript), with `ws` for the socket and @roamhq/wrtc for real
 * WebRTC peers, no storage and no UI. For soak and fault tests without a browser.
 */
import wrtc from '@roamhq/wrtc';
import WebSocket from 'ws';
import type { InstanceId, SessionId } from '../../protocol/ids.js';
import type { ServerMessageOf } from '../../protocol/signaling.js';
import { randomId } from '../../client/core/randomId.js';
import { SignalingClient, type WebSocketLike } from '../../client/core/SignalingClient.js';
import { SupportSession } from '../../client/session/SupportSession.js';
import { Transcript } from '../../client/transcript/Transcript.js';

const createSocket = (url: string) => new WebSocket(url) as unknown as WebSocketLike;
const createPeerConnection = (config: RTCConfiguration) => new wrtc.RTCPeerConnection(config) as unknown as RTCPeerConnection;
const fastRetry = (attempt: number) => Math.min(2_000, 100 * 2 ** attempt);

function signalingUrl(httpUrl: string): string {
  return httpUrl.replace(/^http/, 'ws') + '/ws';
}

/** One server, or several signaling nodes: the first is used first, the others in turn after each lost socket. */
export type ServerUrls = string | readonly string[];

function socketUrls(urls: ServerUrls): { url: string; alternateUrls: string[] } {
  const [first, ...rest] = [urls].flat().map(signalingUrl);
  return { url: first!, alternateUrls: rest };
}

/** Connects and resolves once the server has welcomed this socket. */
function connectAndWelcome(signaling: SignalingClient): Promise<void> {
  const welcomed = new Promise<void>((resolve) => {
    const off = signaling.on('welcome', () => {
      off();
      resolve();
    });
  });
  signaling.connect();
  return welcomed;
}

/** Routes a socket's session messages to the SupportSession they belong to. */
function route(signaling: SignalingClient, sessions: Map<SessionId, SupportSession>): void {
  signaling.on('state', (state) => sessions.forEach((s) => s.handleSignalingState(state)));
  signaling.on('message', (message) => {
    if ('sessionId' in message && message.sessionId) sessions.get(message.sessionId)?.handleServerMessage(message);
  });
}

export class NodeRep {
  readonly signaling: SignalingClient;
  readonly sessions = new Map<SessionId, SupportSession>();
  private readonly instanceId = randomId() as InstanceId;
  private name = 'Rep';
  private nextRequest = 1;

  constructor(httpUrl: ServerUrls, token: string) {
    this.signaling = new SignalingClient({ ...socketUrls(httpUrl), role: 'rep', token, instanceId: this.instanceId, createSocket, retryDelayMs: fastRetry });
    this.signaling.on('welcome', (welcome) => {
      this.name = welcome.repName ?? this.name;
      for (const id of this.sessions.keys()) this.signaling.send({ type: 'resume-session', sessionId: id });
    });
    route(this.signaling, this.sessions);
  }

  connect(): Promise<void> {
    return connectAndWelcome(this.signaling);
  }

  /** Creates a session; resolves with its id and code. */
  async createSession(): Promise<ServerMessageOf<'session-created'>> {
    const requestId = this.nextRequest++;
    const created = new Promise<ServerMessageOf<'session-created'>>((resolve) => {
      const off = this.signaling.on('message', (message) => {
        if (message.type === 'session-created' && message.requestId === requestId) {
          off();
          resolve(message);
        }
      });
    });
    this.signaling.send({ type: 'create-session', requestId });
    const message = await created;
    this.sessions.set(message.sessionId, this.newSession(message.sessionId));
    return message;
  }

  private newSession(sessionId: SessionId): SupportSession {
    return new SupportSession({
      sessionId,
      role: 'rep',
      selfName: () => this.name,
      instanceId: this.instanceId,
      signaling: this.signaling,
      transcript: new Transcript(),
      iceServers: () => [],
      createPeerConnection,
    });
  }

  close(): void {
    this.sessions.forEach((s) => s.dispose());
    this.signaling.close();
  }
}

export class NodeCustomer {
  readonly signaling: SignalingClient;
  readonly sessions = new Map<SessionId, SupportSession>();
  session: SupportSession | null = null;
  private readonly instanceId = randomId() as InstanceId;
  private resume: { sessionId: SessionId; resumeKey: ServerMessageOf<'joined'>['resumeKey'] } | null = null;

  constructor(httpUrl: ServerUrls, readonly name: string) {
    this.signaling = new SignalingClient({ ...socketUrls(httpUrl), role: 'customer', instanceId: this.instanceId, createSocket, retryDelayMs: fastRetry });
    this.signaling.on('welcome', () => {
      if (this.resume) this.signaling.send({ type: 'rejoin', ...this.resume });
    });
    this.signaling.on('message', (message) => {
      if (message.type !== 'joined' || this.sessions.has(message.sessionId)) return;
      this.resume = { sessionId: message.sessionId, resumeKey: message.resumeKey };
      this.session = new SupportSession({
        sessionId: message.sessionId,
        role: 'customer',
        selfName: () => this.name,
        instanceId: this.instanceId,
        signaling: this.signaling,
        transcript: new Transcript(),
        iceServers: () => [],
        createPeerConnection,
      });
      this.sessions.set(message.sessionId, this.session);
    });
    route(this.signaling, this.sessions);
  }

  async join(code: string): Promise<SupportSession> {
    await connectAndWelcome(this.signaling);
    const joined = new Promise<void>((resolve) => {
      const off = this.signaling.on('message', (message) => {
        if (message.type === 'joined') {
          off();
          resolve();
        }
      });
    });
    this.signaling.send({ type: 'join', code: code as never, customer: { name: this.name, query: 'soak', os: 'Node', browser: 'wrtc' } });
    await joined;
    return this.session!;
  }

  close(): void {
    this.sessions.forEach((s) => s.dispose());
    this.signaling.close();
  }
}

/** Resolves when every session reports `connected`, or rejects after `timeoutMs`. */
export function whenConnected(sessions: SupportSession[], timeoutMs = 30_000): Promise<void> {
  return Promise.all(
    sessions.map(
      (session) =>
        new Promise<void>((resolve, reject) => {
          if (session.state === 'connected') return resolve();
          const timer = setTimeout(() => reject(new Error(`session ${session.sessionId} (${session.role}) not connected`)), timeoutMs);
          const off = session.on('state', (state) => {
            if (state === 'connected') {
              clearTimeout(timer);
              off();
              resolve();
            }
          });
        }),
    ),
  ).then(() => undefined);
}
