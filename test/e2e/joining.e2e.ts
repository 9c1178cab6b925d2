/** Issue 2: a customer joins by code or by link, and the rep's chat box opens with the details. */
import { scriptPathsOf } from '../../bench/bundleSize.js';
import { PREPARED_LINK_MAX_AGE_MS } from '../../client/join/PreparedLink.js';
import { LINK_OPEN_WAIT_MS } from '../../client/join/whenLinkOpen.js';
import { expect, expectConnected, fillJoinForm, messageTexts, sendMessage, startSession, test, TEST_REP_NAME } from './fixtures.js';

test.describe('joining a session', () => {
  test('joins by code typed with dashes, and the rep sees every session detail', async ({ rep, openCustomer }) => {
    const { code } = await startSession(rep.page);
    expect(code).toMatch(/^\d{3} \d{3} \d{3}$/);
    const customer = await openCustomer();
    await fillJoinForm(customer.page, { code: code.replace(/ /g, '-'), name: 'Ana Souza', query: 'My printer says offline' });
    await expectConnected(rep.page, customer.page);

    const details = rep.page.getByTestId('session-details');
    await expect(details.locator('[data-field="customerName"] dd')).toHaveText('Ana Souza');
    await expect(details.locator('[data-field="query"] dd')).toHaveText('My printer says offline');
    await expect(details.locator('[data-field="joinedBy"] dd')).toHaveText('Session code');
    await expect(details.locator('[data-field="os"] dd')).toHaveText('Linux');
    await expect(details.locator('[data-field="browser"] dd')).toContainText(/Chrom/);
    await expect(details.locator('[data-field="sessionId"] dd')).toHaveText(/^[A-Za-z0-9_-]{16,}$/);
    await expect(details.locator('[data-field="startedAt"] dd')).not.toBeEmpty();
    await expect(details.locator('[data-field="repName"] dd')).toHaveText(TEST_REP_NAME);
    // The same details head both chat logs, then the status note.
    await expect(rep.page.getByTestId('chat-log').locator('.details')).toContainText('My printer says offline');
    await expect(customer.page.getByTestId('chat-log').locator('.details')).toContainText('Ana Souza');
    await expect.poll(() => messageTexts(rep.page, 'system')).toEqual(['Ana Souza joined the session']);
    await expect.poll(() => messageTexts(customer.page, 'system')).toEqual(['Ana Souza joined the session']);
    // The chat box took the focus so the rep can type at once.
    await expect(rep.page.getByTestId('message-input')).toBeFocused();
  });

  test('while the customer fills in the form, the page prepares its first link and sends nothing; the join carries its offer and the rep answers it', async ({ browser, server, rep }) => {
    const context = await browser.newContext();
    try {
      // Count the page's peer connections, their closes and the candidates each gathers.
      await context.addInitScript(() => {
        const seen = { created: 0, closed: 0, candidates: [] as number[] };
        (window as unknown as { __pcs: typeof seen }).__pcs = seen;
        const Native = window.RTCPeerConnection;
        window.RTCPeerConnection = class extends Native {
          constructor(config?: RTCConfiguration) {
            super(config);
            const index = seen.created++;
            seen.candidates[index] = 0;
            this.addEventListener('icecandidate', (event) => {
              if (event.candidate) seen.candidates[index]!++;
            });
          }
          override close(): void {
            seen.closed++;
            super.close();
          }
        };
      });
      const page = await context.newPage();
      const sent: Record<string, unknown>[] = [];
      const received: Record<string, unknown>[] = [];
      page.on('websocket', (socket) => {
        socket.on('framesent', (frame) => typeof frame.payload === 'string' && sent.push(JSON.parse(frame.payload)));
        socket.on('framereceived', (frame) => typeof frame.payload === 'string' && received.push(JSON.parse(frame.payload)));
      });
      await page.goto(`${server.url}/join`);
      type Seen = { created: number; closed: number; candidates: number[] };
      const pcs = () => page.evaluate(() => JSON.parse(JSON.stringify((window as unknown as { __pcs: Seen }).__pcs)) as Seen);
      // Two throwaway connections (closed, nothing gathered) and the prepared link, which gathers.
      await expect.poll(async () => (await pcs()).created).toBe(3);
      await expect.poll(async () => (await pcs()).closed).toBe(2);
      await expect.poll(async () => (await pcs()).candidates.filter((count) => count > 0).length).toBe(1);
      // Nothing left the page but its hello, and nothing was stored.
      expect(sent.map((frame) => frame.type)).toEqual(['hello']);
      const databases = await page.evaluate(async () => (await indexedDB.databases()).map((db) => db.name ?? ''));
      expect(databases.filter((name) => name.includes('transcript'))).toEqual([]);

      const { code } = await startSession(rep.page);
      await fillJoinForm(page, { code, name: 'Ana', query: 'Warm start' });
      await expectConnected(rep.page, page);
      const join = sent.find((frame) => frame.type === 'join') as { offer?: { linkId: string; sdp: string } } | undefined;
      expect(join?.offer?.sdp).toMatch(/^v=0/);
      expect(join?.offer?.sdp).toContain('a=candidate:');
      // The prepared connection is the link: no other was made, and the rep only answered it.
      expect((await pcs()).created).toBe(3);
      const descriptions = received
        .filter((frame) => frame.type === 'signal' && 'description' in frame)
        .map((frame) => ({ type: (frame.description as { type: string }).type, linkId: frame.linkId }));
      expect(descriptions).toEqual([{ type: 'answer', linkId: join!.offer!.linkId }]);
      await sendMessage(page, 'Hello over the link I offered');
      await expect.poll(() => messageTexts(rep.page, 'customer')).toEqual(['Hello over the link I offered']);
    } finally {
      await context.close();
    }
  });

  test('the join page\'s warm-ups while the form is filled in leave nothing behind: no element, no stored data, nothing sent', async ({ browser, server }) => {
    const context = await browser.newContext();
    try {
      // Note every element added to or removed from the page's body, from the first script on.
      await context.addInitScript(() => {
        const changes: { added: string[]; removed: string[] } = { added: [], removed: [] };
        (window as unknown as { __bodyChanges: typeof changes }).__bodyChanges = changes;
        const describe = (node: Node) => (node instanceof Element ? `${node.tagName.toLowerCase()}:${(node.textContent ?? '').slice(0, 40)}` : '');
        document.addEventListener('DOMContentLoaded', () =>
          new MutationObserver((records) => {
            for (const record of records) {
              for (const node of record.addedNodes) changes.added.push(describe(node));
              for (const node of record.removedNodes) changes.removed.push(describe(node));
            }
          }).observe(document.body, { childList: true }),
        );
      });
      const page = await context.newPage();
      const sent: string[] = [];
      page.on('websocket', (socket) => socket.on('framesent', (frame) => typeof frame.payload === 'string' && sent.push(JSON.parse(frame.payload).type)));
      await page.goto(`${server.url}/join`);
      const bodyChildren = () => page.evaluate(() => [...document.body.children].map((el) => el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '')));
      const before = await bodyChildren();
      type Changes = { added: string[]; removed: string[] };
      const changes = () => page.evaluate(() => (window as unknown as { __bodyChanges: Changes }).__bodyChanges);
      // The last warm-up lays out the chat's emoji off screen: it came and went.
      await expect.poll(async () => (await changes()).added.filter((added) => added.startsWith('span:')).length, { timeout: 15_000 }).toBe(1);
      const { added, removed } = await changes();
      expect(removed).toEqual(added);
      expect(await bodyChildren()).toEqual(before);
      // The chat view was drawn on a detached element only; the form is what shows.
      await expect(page.getByTestId('chat-log')).toHaveCount(0);
      await expect(page.getByTestId('join-submit')).toBeVisible();
      const databases = await page.evaluate(async () => (await indexedDB.databases()).map((db) => db.name ?? ''));
      expect(databases.filter((name) => name.includes('transcript'))).toEqual([]);
      expect(sent).toEqual(['hello']);
    } finally {
      await context.close();
    }
  });

  test('after Join the chat view is drawn, the conversation stored and stored file transfers looked up once the link to the rep is open, not while ICE, DTLS and SCTP run', async ({ browser, server, rep }) => {
    type Times = { joinSent?: number; buttonBusy?: number; channelOpen?: number; chatLogShown?: number; logOpened?: number; recordWritten?: number; transfersListed?: number };
    const context = await browser.newContext();
    try {
      // The page's own clock: when the join left, when its chat channel opened, when a chat log
      // first entered the document (the warm-up's detached drawing never does), when the
      // conversation's log database was first opened and its record first written, and when
      // stored file transfers were first looked up after the join.
      await context.addInitScript(() => {
        const times: Times = {};
        (window as unknown as { __times: typeof times }).__times = times;
        const send = WebSocket.prototype.send;
        WebSocket.prototype.send = function (this: WebSocket, data: string | ArrayBufferLike | Blob | ArrayBufferView) {
          try {
            if (typeof data === 'string' && JSON.parse(data).type === 'join') times.joinSent ??= performance.now();
          } catch {
            // Not JSON: not the join.
          }
          return send.call(this, data);
        };
        const createDataChannel = RTCPeerConnection.prototype.createDataChannel;
        RTCPeerConnection.prototype.createDataChannel = function (this: RTCPeerConnection, label: string, options?: RTCDataChannelInit) {
          const channel = createDataChannel.call(this, label, options);
          if (label === 'control') channel.addEventListener('open', () => (times.channelOpen ??= performance.now()));
          return channel;
        };
        new MutationObserver(() => {
          if (times.buttonBusy === undefined && document.querySelector('[data-testid="join-submit"][disabled]')) times.buttonBusy = performance.now();
          if (times.chatLogShown === undefined && document.querySelector('[data-testid="chat-log"]')) times.chatLogShown = performance.now();
        }).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['disabled'] });
        const open = IDBFactory.prototype.open;
        IDBFactory.prototype.open = function (this: IDBFactory, name: string, version?: number) {
          if (name.includes('transcript')) times.logOpened ??= performance.now();
          return open.call(this, name, version);
        };
        const put = IDBObjectStore.prototype.put;
        IDBObjectStore.prototype.put = function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
          if (this.name === 'customerConversations') times.recordWritten ??= performance.now();
          return put.call(this, value, key);
        };
        const getAll = IDBIndex.prototype.getAll;
        IDBIndex.prototype.getAll = function (this: IDBIndex, query?: IDBValidKey | IDBKeyRange | null, count?: number) {
          if (times.joinSent !== undefined && this.objectStore.name === 'fileTransfers') times.transfersListed ??= performance.now();
          return getAll.call(this, query, count);
        };
      });
      const page = await context.newPage();
      await page.goto(`${server.url}/join`);
      const { code } = await startSession(rep.page);
      await fillJoinForm(page, { code, name: 'Ana', query: 'Order of things' });
      await expectConnected(rep.page, page);
      const read = () => page.evaluate(() => (window as unknown as { __times: Times }).__times);
      await expect.poll(async () => (await read()).recordWritten).toBeDefined();
      await expect.poll(async () => (await read()).transfersListed).toBeDefined();
      const times = await read();
      expect(times.joinSent).toBeDefined();
      expect(times.channelOpen).toBeDefined();
      // Each once the channel is open; on a machine too slow to open it within the page's bound,
      // not before that bound (which starts when the server's answer to the join arrives).
      const notBefore = Math.min(times.channelOpen!, times.joinSent! + LINK_OPEN_WAIT_MS);
      expect(times.chatLogShown!).toBeGreaterThanOrEqual(notBefore);
      expect(times.logOpened!).toBeGreaterThanOrEqual(notBefore);
      expect(times.recordWritten!).toBeGreaterThanOrEqual(notBefore);
      expect(times.transfersListed!).toBeGreaterThanOrEqual(notBefore);
      // Meanwhile the Join button said the page was busy.
      expect(times.buttonBusy).toBeDefined();
      expect(times.buttonBusy!).toBeLessThanOrEqual(times.chatLogShown!);
      // And the conversation is stored all the same: a reload finds it and rejoins.
      await sendMessage(page, 'Drawn in time');
      await expect.poll(() => messageTexts(rep.page, 'customer')).toEqual(['Drawn in time']);
      await page.reload();
      await expectConnected(page);
      await expect.poll(() => messageTexts(page, 'customer')).toEqual(['Drawn in time']);
    } finally {
      await context.close();
    }
  });

  test('a prepared link older than two minutes is replaced by a fresh one, and the join offers the fresh one', async ({ browser, server, rep }) => {
    const context = await browser.newContext();
    try {
      // The page's clock runs at its normal pace until the test moves it on.
      await context.clock.install();
      await context.addInitScript(() => {
        const made: RTCPeerConnection[] = [];
        (window as unknown as { __pcList: RTCPeerConnection[] }).__pcList = made;
        const Native = window.RTCPeerConnection;
        window.RTCPeerConnection = class extends Native {
          constructor(config?: RTCConfiguration) {
            super(config);
            made.push(this);
          }
        };
      });
      const page = await context.newPage();
      const sent: Record<string, unknown>[] = [];
      page.on('websocket', (socket) => socket.on('framesent', (frame) => typeof frame.payload === 'string' && sent.push(JSON.parse(frame.payload))));
      await page.goto(`${server.url}/join`);
      const states = () =>
        page.evaluate(() => (window as unknown as { __pcList: RTCPeerConnection[] }).__pcList.map((pc) => ({ signaling: pc.signalingState, connection: pc.connectionState, ufrag: pc.localDescription?.sdp.match(/a=ice-ufrag:(\S+)/)?.[1] ?? null })));
      // Two throwaway connections, then the prepared link with its offer.
      await expect.poll(async () => (await states()).map((pc) => pc.signaling)).toEqual(['closed', 'closed', 'have-local-offer']);
      const first = (await states())[2]!.ufrag;
      expect(first).not.toBeNull();
      // The form stays open past the link's age limit: the old link is closed and a new one made.
      await context.clock.fastForward(PREPARED_LINK_MAX_AGE_MS + 2_000);
      await expect.poll(async () => (await states()).map((pc) => pc.signaling)).toEqual(['closed', 'closed', 'closed', 'have-local-offer']);
      const fresh = (await states())[3]!.ufrag;
      expect(fresh).not.toBeNull();
      expect(fresh).not.toBe(first);
      expect(sent.map((frame) => frame.type)).toEqual(['hello']);

      const { code } = await startSession(rep.page);
      await fillJoinForm(page, { code, name: 'Ana', query: 'Took my time' });
      await expectConnected(rep.page, page);
      const join = sent.find((frame) => frame.type === 'join') as { offer?: { sdp: string } } | undefined;
      expect(join?.offer?.sdp).toContain(`a=ice-ufrag:${fresh}`);
      const after = await states();
      expect(after).toHaveLength(4);
      expect(after[3]!.connection).toBe('connected');
      await sendMessage(page, 'Still here');
      await expect.poll(() => messageTexts(rep.page, 'customer')).toEqual(['Still here']);
    } finally {
      await context.close();
    }
  });

  test('a customer who joined while the rep\'s page was away connects when it comes back: the rep offers then', async ({ rep, server, openCustomer }) => {
    const { code } = await startSession(rep.page);
    await rep.page.goto('about:blank');
    const customer = await openCustomer();
    await fillJoinForm(customer.page, { code, name: 'Ana', query: 'Nobody was there' });
    await expect(customer.page.getByTestId('message-input')).toBeVisible();
    // The offer that came with the join found nobody; the rep's console, back, starts a link itself.
    await rep.page.goto(`${server.url}/rep#token=${server.repToken}`);
    await expectConnected(rep.page, customer.page);
    await sendMessage(customer.page, 'Glad you are back');
    await expect.poll(() => messageTexts(rep.page, 'customer')).toEqual(['Glad you are back']);
  });

  test('the rep\'s page makes the first connection before the customer joins; once joined, a customer\'s offer for another link is ignored and the chat carries on', async ({ browser, server, openCustomer }) => {
    // Count the rep console's peer connections.
    const repContext = await browser.newContext();
    try {
      await repContext.addInitScript(() => {
        const seen = { created: 0 };
        (window as unknown as { __pcs: typeof seen }).__pcs = seen;
        const Native = window.RTCPeerConnection;
        window.RTCPeerConnection = class extends Native {
          constructor(config?: RTCConfiguration) {
            super(config);
            seen.created++;
          }
        };
      });
      const repPage = await repContext.newPage();
      await repPage.goto(`${server.url}/rep#token=${server.repToken}`);
      const repConnections = () => repPage.evaluate(() => (window as unknown as { __pcs: { created: number } }).__pcs.created);
      const { code } = await startSession(repPage);
      // The rep's page makes the session's first connection while it waits for the customer...
      await expect.poll(repConnections).toBe(1);
      // The customer's page keeps a handle on its signaling socket, to misbehave on it later.
      const customer = await openCustomer();
      await customer.page.evaluate(() => {
        const sockets: WebSocket[] = [];
        (window as unknown as { __sockets: WebSocket[] }).__sockets = sockets;
        const send = WebSocket.prototype.send;
        WebSocket.prototype.send = function (this: WebSocket, data) {
          if (!sockets.includes(this)) sockets.push(this);
          return send.call(this, data);
        };
      });
      await fillJoinForm(customer.page, { code, name: 'Ana', query: 'Trying something' });
      await expectConnected(repPage, customer.page);
      // ...and answers the customer's offer on it.
      const before = await repConnections();
      expect(before).toBe(1);
      const sessionId = new URL(customer.page.url()).hash.match(/s=([^&]+)/)![1]!;
      await customer.page.evaluate(async (sessionId) => {
        const pc = new RTCPeerConnection();
        pc.createDataChannel('control', { negotiated: true, id: 0 });
        const offer = await pc.createOffer();
        pc.close();
        const [socket] = (window as unknown as { __sockets: WebSocket[] }).__sockets;
        socket!.send(JSON.stringify({ type: 'signal', sessionId, linkId: 'another-link', description: { type: 'offer', sdp: offer.sdp } }));
      }, sessionId);
      await sendMessage(customer.page, 'Still here after that');
      await expect.poll(() => messageTexts(repPage, 'customer')).toEqual(['Still here after that']);
      expect(await repConnections()).toBe(before);
      await expect(repPage.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
    } finally {
      await repContext.close();
    }
  });

  test('the chat view opens after joining even when the rep\'s page is not there to make an offer', async ({ rep, openCustomer }) => {
    const { code } = await startSession(rep.page);
    // The rep's page goes away: the session stays, but nobody will offer a link for now.
    await rep.page.goto('about:blank');
    const customer = await openCustomer();
    await fillJoinForm(customer.page, { code, name: 'Ana', query: 'Nobody answers' });
    await expect(customer.page.getByTestId('message-input')).toBeVisible();
    await expect(customer.page.getByTestId('connection-status')).not.toHaveAttribute('data-state', 'connected');
    await customer.page.getByTestId('message-input').fill('Hello? Anyone?');
    await customer.page.getByTestId('message-input').press('Enter');
    await expect.poll(() => messageTexts(customer.page, 'customer')).toEqual(['Hello? Anyone?']);
  });

  test('joins by link without typing a code', async ({ rep, openCustomer }) => {
    const { link } = await startSession(rep.page);
    expect(link).toMatch(/\/join#t=[A-Za-z0-9_-]{43,}$/);
    const customer = await openCustomer();
    await customer.page.goto(link);
    await expect(customer.page.getByTestId('join-code')).toHaveCount(0);
    await fillJoinForm(customer.page, { name: 'Luis', query: 'VPN drops' });
    await expectConnected(rep.page, customer.page);
    await expect(rep.page.getByTestId('session-details').locator('[data-field="joinedBy"] dd')).toHaveText('Join link');
  });

  test('refuses a wrong, a malformed and a reused code with the right error codes', async ({ rep, openCustomer }) => {
    const { code } = await startSession(rep.page);
    const digits = code.replace(/ /g, '');
    const wrong = digits.slice(0, 8) + String((Number(digits[8]) + 1) % 10);
    const stranger = await openCustomer();
    await fillJoinForm(stranger.page, { code: wrong, name: 'Mallory', query: '' });
    await expect(stranger.page.getByTestId('join-error')).toHaveAttribute('data-code', 'CODE_INVALID');
    await stranger.page.getByTestId('join-code').fill('12345');
    await stranger.page.getByTestId('join-submit').click();
    await expect(stranger.page.getByTestId('join-error')).toHaveAttribute('data-code', 'CODE_INVALID');

    const first = await openCustomer();
    await fillJoinForm(first.page, { code, name: 'Ana', query: 'help' });
    await expectConnected(first.page);
    const second = await openCustomer();
    await fillJoinForm(second.page, { code, name: 'Bo', query: 'help' });
    await expect(second.page.getByTestId('join-error')).toHaveAttribute('data-code', 'CODE_USED');
    await expect(second.page.getByTestId('join-error')).toBeVisible();
  });

  test('every script either page loads first carries V8\'s compile hint on its first line', async ({ server }) => {
    // vite.config.ts puts it there; V8 reads it only as a script's very first line.
    for (const pagePath of ['/join', '/rep']) {
      const scripts = scriptPathsOf(await (await fetch(`${server.url}${pagePath}`)).text());
      expect(scripts.length).toBeGreaterThan(0);
      for (const script of scripts) {
        const firstLine = (await (await fetch(`${server.url}${script}`)).text()).split('\n', 1)[0];
        expect(firstLine, `${pagePath}: ${script}`).toBe('//# allFunctionsCalledOnLoad');
      }
    }
  });

  test('a wrong rep token is refused with a clear error', async ({ browser, server }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/rep#token=not-the-right-token-at-all`);
    await expect(page.getByTestId('sign-in-error')).toHaveAttribute('data-code', 'UNAUTHORIZED');
    await context.close();
  });
});
