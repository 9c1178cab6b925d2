/**
 * Issue 7, TURN: the documented docs/coturn/turnserver.conf, run by the real coturn (only its
 * addresses, ports, secret, certificates and logging replaced for the test), accepts the
 * credentials this server mints, refuses wrong or expired ones, and refuses to relay to
 * private, loopback, link-local and carrier-grade NAT addresses while allowing public ones.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintTurnCredential } from '../../signaling/turnCredentials.js';
import { TurnClient } from '../support/turnClient.js';
import { startTurnServer, type TurnServer } from '../support/turnServer.js';

let turn: TurnServer;
const clients: TurnClient[] = [];

beforeAll(async () => {
  turn = await startTurnServer({ documented: true });
});

afterAll(async () => {
  for (const client of clients) client.close();
  await turn?.stop();
});

function client(username: string, password: string): TurnClient {
  const created = new TurnClient('127.0.0.1', turn.port, username, password);
  clients.push(created);
  return created;
}

async function allocated(): Promise<TurnClient> {
  const minted = mintTurnCredential(turn.secret, 600, Date.now());
  const participant = client(minted.username, minted.credential);
  expect(await participant.allocate()).toMatchObject({ success: true });
  return participant;
}

describe('the documented coturn configuration', () => {
  it('accepts the short-lived credentials this server mints', async () => {
    await allocated();
  });

  it('refuses a password made with another secret, and an expired username', async () => {
    const forged = mintTurnCredential(`${turn.secret}-not`, 600, Date.now());
    expect(await client(forged.username, forged.credential).allocate()).toMatchObject({ success: false, errorCode: 401 });
    const expired = mintTurnCredential(turn.secret, 60, Date.now() - 120_000);
    expect(await client(expired.username, expired.credential).allocate()).toMatchObject({ success: false, errorCode: 401 });
  });

  it.each([
    ['10.1.2.3', 'private (RFC 1918)'],
    ['172.20.0.1', 'private (RFC 1918)'],
    ['192.168.1.10', 'private (RFC 1918)'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['127.0.0.1', 'loopback'],
    ['169.254.169.254', 'link-local (cloud metadata)'],
    ['0.0.0.1', 'this network'],
    ['239.255.255.250', 'multicast'],
  ])('refuses to relay to %s, %s', async (peer) => {
    const participant = await allocated();
    expect(await participant.createPermission(peer)).toMatchObject({ success: false, errorCode: 403 });
  });

  it('relays to a public address', async () => {
    const participant = await allocated();
    expect(await participant.createPermission('8.8.8.8')).toMatchObject({ success: true });
  });
});
