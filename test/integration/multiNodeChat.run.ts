/**
 * Child process of multiNodeChat.test.ts (real WebRTC must not run inside a vitest worker):
 * a rep (Node, @roamhq/wrtc) on node A and a customer on node B of three signaling nodes on
 * Redis chat while first the customer's node and then the rep's node is killed. Each
 * participant reconnects to node C and registers again; the peer link is also cut after
 * each move so that a fresh pairing has to go through the surviving nodes. Prints one JSON
 * report line: messages sent, lost, duplicated, whether both transcripts are identical.
 */
import type { SupportSession } from '../../client/session/SupportSession.js';
import { NodeCustomer, NodeRep, whenConnected } from '../soak/nodeParticipants.js';
import { TEST_REP_TOKEN } from '../support/serverProcess.js';
import { startNodeCluster } from './support/nodeCluster.js';

const MESSAGES_PER_PHASE = 10;
const MESSAGE_INTERVAL_MS = 40;
const SETTLE_MS = 30_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const texts = (session: SupportSession) => session.transcript.entries().flatMap((e) => (e.kind === 'message' ? [e.text] : []));

/** Resolves once `count` more messages of `type` arrived on this participant's signaling socket. */
function nextMessages(participant: NodeRep | NodeCustomer, type: string, count = 1): Promise<void> {
  return new Promise((resolve) => {
    let seen = 0;
    const off = participant.signaling.on('message', (message) => {
      if (message.type === type && ++seen >= count) {
        off();
        resolve();
      }
    });
  });
}

const cluster = await startNodeCluster(['a', 'b', 'c']);
const url = (name: string) => cluster.node(name).url;
const rep = new NodeRep([url('a'), url('c')], TEST_REP_TOKEN);
const customer = new NodeCustomer([url('b'), url('c')], 'Carol');
const sent: string[] = [];
let counter = 0;
const phases: string[] = [];
try {
  await rep.connect();
  const created = await rep.createSession();
  const customerSession = await customer.join(created.code);
  const repSession = rep.sessions.get(created.sessionId)!;
  await whenConnected([repSession, customerSession]);

  const talk = async () => {
    for (let i = 0; i < MESSAGES_PER_PHASE; i++) {
      for (const side of [repSession, customerSession]) {
        const text = `${side.role}-${++counter}`;
        if (side.sendMessage(text)) sent.push(text);
      }
      await sleep(MESSAGE_INTERVAL_MS);
    }
  };

  await talk();
  phases.push('chatting across nodes a and b');

  // The customer's node dies mid-conversation; the customer rejoins through node C.
  const customerRejoined = nextMessages(customer, 'joined');
  const repSawCustomerAgain = nextMessages(rep, 'peer-present');
  cluster.kill('b');
  await Promise.all([talk(), customerRejoined, repSawCustomerAgain]);
  phases.push('customer moved to node c');
  customerSession.dropLinkForTest();
  await talk();
  await whenConnected([repSession, customerSession]);
  phases.push('re-paired across nodes a and c');

  // Then the rep's node dies; the rep resumes through node C.
  const repResumed = nextMessages(rep, 'session-resumed');
  cluster.kill('a');
  await Promise.all([talk(), repResumed]);
  phases.push('rep moved to node c');
  repSession.dropLinkForTest();
  await talk();
  await whenConnected([repSession, customerSession]);
  phases.push('re-paired on node c');

  const deadline = Date.now() + SETTLE_MS;
  const settled = () => texts(repSession).length >= sent.length && texts(customerSession).length >= sent.length;
  while (!settled() && Date.now() < deadline) await sleep(100);

  const repLog = texts(repSession);
  const customerLog = texts(customerSession);
  let lost = 0;
  let duplicated = 0;
  for (const log of [repLog, customerLog]) {
    const unique = new Set(log);
    duplicated += log.length - unique.size;
    for (const text of sent) if (!unique.has(text)) lost++;
  }
  console.log(
    JSON.stringify({
      phases,
      messagesSent: sent.length,
      messagesLost: lost,
      messagesDuplicated: duplicated,
      transcriptsIdentical: repLog.join('\n') === customerLog.join('\n'),
      repMessages: repLog.length,
      customerMessages: customerLog.length,
    }),
  );
} catch (error) {
  console.error(`multi-node chat failed after: ${phases.join(' → ') || 'nothing'}: ${String(error)}`);
  process.exitCode = 1;
} finally {
  rep.close();
  customer.close();
  await cluster.stop();
}
process.exit();
