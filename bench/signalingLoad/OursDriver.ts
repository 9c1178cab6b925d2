/**
 * Our signaling protocol for the load generator: `hello` → `welcome` for an idle customer; a rep
 * creating a session and a customer joining it by code for a pairing (counted at the customer's
 * `peer-present`); `signal` frames between the two sockets of a session for the relay.
 */
import { parseServerMessage, type ServerMessageOf, type ServerToClient } from '../../protocol/signaling.js';
import { PROTOCOL_VERSION } from '../../protocol/version.js';
import { SIGNALING_PATH } from '../../signaling/createSignalingServer.js';
import { sentAtOf, timedCandidate } from './iceCandidate.js';
import type { IdleConnection, LoadDriver, RelayPair } from './LoadDriver.js';
import { LoadSocket, type LoadSocketOptions } from './LoadSocket.js';

/**
 * Rep consoles kept per pairing slot, taking turns: each sends two frames a pairing (create,
 * end), so at 1,250 pairings a second over 50 slots each stays at our default 50 frames a second.
 */
const REP_SOCKETS_PER_SLOT = 2;

const CUSTOMER = { name: 'Load Test', query: 'My invoice will not download', os: 'Linux', browser: 'Node ws' };
const LINK_ID = 'bench-link';

const options: LoadSocketOptions<ServerToClient> = {
  parse: (text) => {
    const parsed = parseServerMessage(text);
    return parsed.ok ? parsed : { ok: false, error: parsed.error.code };
  },
  failure: (frame) => (frame.type === 'error' ? `server error ${frame.code}` : null),
};

type OurSocket = LoadSocket<ServerToClient>;

const is =
  <K extends ServerToClient['type']>(type: K) =>
  (frame: ServerToClient): frame is ServerMessageOf<K> =>
    frame.type === type;

async function next<K extends ServerToClient['type']>(socket: OurSocket, type: K): Promise<ServerMessageOf<K>> {
  return (await socket.next(is(type), type)) as ServerMessageOf<K>;
}

export class OursDriver implements LoadDriver {
  private readonly run = `${process.pid.toString(36)}${Date.now().toString(36)}`;
  /** Signed-in rep sockets by pairing slot, and which one takes the next pairing. */
  private readonly consoles = new Map<number, { readonly reps: Promise<OurSocket>[]; turn: number }>();

  constructor(private readonly repToken: string) {}

  private open(endpoint: string): Promise<OurSocket> {
    return LoadSocket.open(`${endpoint}${SIGNALING_PATH}`, options);
  }

  private instanceId(role: string, index: number): string {
    return `${role}-${this.run}-${index}`;
  }

  private async greeted(socket: OurSocket, role: 'rep' | 'customer', index: number): Promise<void> {
    socket.send({
      type: 'hello',
      version: PROTOCOL_VERSION,
      role,
      instanceId: this.instanceId(role, index),
      ...(role === 'rep' ? { token: this.repToken } : {}),
    });
    await next(socket, 'welcome');
  }

  async openIdle(endpoint: string, index: number): Promise<IdleConnection> {
    const customer = await this.open(endpoint);
    try {
      await this.greeted(customer, 'customer', index);
    } catch (error) {
      customer.close();
      throw error;
    }
    return customer;
  }

  /** Rep and customer connect at once; the rep creates a session, the customer joins by its code. */
  private async paired(endpointA: string, endpointB: string, index: number): Promise<{ rep: OurSocket; customer: OurSocket; sessionId: string }> {
    const opening = [this.open(endpointA), this.open(endpointB)] as const;
    const [repOpened, customerOpened] = await Promise.allSettled(opening);
    if (repOpened.status === 'rejected' || customerOpened.status === 'rejected') {
      if (repOpened.status === 'fulfilled') repOpened.value.close();
      if (customerOpened.status === 'fulfilled') customerOpened.value.close();
      throw repOpened.status === 'rejected' ? repOpened.reason : (customerOpened as PromiseRejectedResult).reason;
    }
    const rep = repOpened.value;
    const customer = customerOpened.value;
    try {
      const customerGreeted = this.greeted(customer, 'customer', index);
      // Awaited below; marked handled so a failing rep step does not leave it unhandled.
      customerGreeted.catch(() => undefined);
      await this.greeted(rep, 'rep', index);
      rep.send({ type: 'create-session', requestId: index });
      const created = await next(rep, 'session-created');
      await customerGreeted;
      customer.send({ type: 'join', code: created.code, customer: CUSTOMER });
      const present = await next(customer, 'peer-present');
      if (present.sessionId !== created.sessionId) throw new Error('peer-present for another session');
      return { rep, customer, sessionId: created.sessionId };
    } catch (error) {
      rep.close();
      customer.close();
      throw error;
    }
  }

  async pairOnce(endpointA: string, endpointB: string, index: number): Promise<void> {
    const { rep, customer, sessionId } = await this.paired(endpointA, endpointB, index);
    // Ended, not left open: a rep's open sessions are capped.
    rep.send({ type: 'end-session', sessionId });
    rep.close();
    customer.close();
  }

  private signedInRep(endpoint: string, worker: number): Promise<OurSocket> {
    let slot = this.consoles.get(worker);
    if (!slot) {
      const reps = Array.from({ length: REP_SOCKETS_PER_SLOT }, async (_, i) => {
        const rep = await this.open(endpoint);
        await this.greeted(rep, 'rep', worker * REP_SOCKETS_PER_SLOT + i);
        return rep;
      });
      for (const rep of reps) rep.catch(() => undefined);
      slot = { reps, turn: 0 };
      this.consoles.set(worker, slot);
    }
    return slot.reps[slot.turn++ % REP_SOCKETS_PER_SLOT]!;
  }

  async pairWithSignedInRep(endpointA: string, endpointB: string, index: number, worker: number): Promise<void> {
    const customerOpened = this.open(endpointB);
    customerOpened.catch(() => undefined);
    const rep = await this.signedInRep(endpointA, worker);
    rep.send({ type: 'create-session', requestId: index });
    const created = await rep.next((frame) => frame.type === 'session-created' && frame.requestId === index, 'session-created');
    const { code, sessionId } = created as ServerMessageOf<'session-created'>;
    const customer = await customerOpened;
    try {
      await this.greeted(customer, 'customer', index);
      customer.send({ type: 'join', code, customer: CUSTOMER });
      await next(customer, 'peer-present');
    } finally {
      // Ended, not left open: a rep's open sessions are capped.
      rep.send({ type: 'end-session', sessionId });
      customer.close();
    }
  }

  async openRelayPair(endpointA: string, endpointB: string, index: number, arrived: (sentAt: number) => void): Promise<RelayPair> {
    const { rep, customer, sessionId } = await this.paired(endpointA, endpointB, index);
    // The rep also gets customer-joined and peer-present; from here on only signals matter.
    await next(rep, 'peer-present');
    for (const socket of [rep, customer]) {
      socket.onFrame = (frame) => {
        if (frame.type !== 'signal' || !('candidate' in frame)) return;
        const sentAt = sentAtOf(frame.candidate.candidate);
        if (sentAt !== null) arrived(sentAt);
      };
    }
    let sent = 0;
    return {
      send: (from, sentAt) => {
        (from === 'a' ? rep : customer).send({ type: 'signal', sessionId, linkId: LINK_ID, candidate: timedCandidate(sentAt, sent++) });
      },
      errors: () => [rep, customer].flatMap((s) => (s.error && !s.error.message.startsWith('socket closed') ? [s.error.message] : [])),
      close: async () => {
        rep.send({ type: 'end-session', sessionId });
        rep.close();
        customer.close();
        await Promise.all([rep.closed(), customer.closed()]);
      },
    };
  }

  dispose(): void {
    for (const slot of this.consoles.values()) for (const rep of slot.reps) void rep.then((socket) => socket.close(), () => undefined);
    this.consoles.clear();
  }
}
