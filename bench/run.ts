/**
 * `npm run bench`: builds the client, then measures in one run, side by side, our connect
 * time and the PeerJS baseline's, our chat round trip and our pages' JavaScript size. Prints
 * a table and writes bench/results/latest.json. Targets are reported, never enforced: the
 * exit code is non-zero only when a measurement itself could not be made.
 *
 * Options: --sessions N (default 20) --messages N (default 1000) --warmup N (default 1)
 *          --no-build (measure the dist/client already built)
 *          --only PHASES (comma-separated: chat = connect, round trip and bundle size; screen; console; files;
 *                         signaling = signaling load against PeerJS's and y-webrtc's servers, no browser)
 */
import { chromium, type Browser } from '@playwright/test';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, platform, release } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { CHROMIUM_ARGS, findChromium } from '../test/support/chromium.js';
import { startServerProcess, type ServerProcess } from '../test/support/serverProcess.js';
import type { BaselineRoundTrip, BenchFigures, BundleFigures, ConnectFigures } from './BenchFigures.js';
import { ConnectSamples } from './ConnectSamples.js';
import { buildClient, DEFAULT_CLIENT_DIR, type ClientBuild } from './buildClient.js';
import { measurePageBundle, scriptPathsOf } from './bundleSize.js';
import { LOOP_BUDGET_MS, measureMessageRoundTrip, WARMUP_MESSAGES } from './messageRoundTrip.js';
import { OurConnectBench } from './OurConnectBench.js';
import { PeerjsBaseline } from './PeerjsBaseline.js';
import { PEERJS_BUNDLE_PATH, startPeerjsServers, type PeerjsServers } from './peerjsServers.js';
import { openRepConsole, type Participant } from './productPages.js';
import { formatTable, reportRows } from './reportTable.js';
import { checkScreenTargets, measureScreenShare, screenShareRows, type ScreenShareFigures } from './screenShare.js';
import { consoleRows, measureConsole, type ConsoleFigures } from './consoleBench.js';
import { fileRows, measureFiles, type FileFigures } from './filesBench.js';
import { summarize } from './stats.js';
import { errorText } from './errorText.js';
import { checkTargets } from './targets.js';
import { withTimeout } from './withTimeout.js';
import { measureSignalingLoad } from './signalingLoad/measureSignalingLoad.js';
import { DEFAULT_SIGNALING_LOAD_OPTIONS, type SignalingLoadFigures } from './signalingLoad/SignalingLoadFigures.js';
import { checkSignalingTargets, signalingErrors, signalingNotes, signalingRows } from './signalingLoad/signalingRows.js';

const RESULTS_DIR = resolve(import.meta.dirname, 'results');
/** A run of some phases only (--only) writes beside the full results, never over them. */
const resultsFile = (only: ReadonlySet<string> | null) =>
  resolve(RESULTS_DIR, only === null ? 'latest.json' : `latest-${[...only].sort().join('-')}.json`);
const CLOSE_TIMEOUT_MS = 15_000;
/** The whole run gives up after this long, whatever it is waiting for. */
const RUN_TIMEOUT_MS = 20 * 60_000;

interface Options {
  readonly sessions: number;
  readonly messages: number;
  readonly warmup: number;
  readonly build: boolean;
  /** Phases to run; null: all. */
  readonly only: ReadonlySet<string> | null;
}

const PHASES = ['chat', 'screen', 'console', 'files', 'signaling'] as const;

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      sessions: { type: 'string', default: '20' },
      messages: { type: 'string', default: '1000' },
      warmup: { type: 'string', default: '1' },
      'no-build': { type: 'boolean', default: false },
      only: { type: 'string' },
    },
  });
  const count = (name: string, raw: string, min: number, max: number) => {
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) throw new Error(`--${name} must be a whole number from ${min} to ${max}`);
    return value;
  };
  return {
    sessions: count('sessions', values.sessions, 1, 500),
    messages: count('messages', values.messages, 1, 20_000),
    warmup: count('warmup', values.warmup, 0, 20),
    build: !values['no-build'],
    only: values.only === undefined ? null : phasesOf(values.only),
  };
}

function phasesOf(list: string): ReadonlySet<string> {
  const phases = new Set(list.split(',').map((phase) => phase.trim()));
  const unknown = [...phases].filter((phase) => !(PHASES as readonly string[]).includes(phase));
  if (unknown.length > 0 || phases.size === 0) throw new Error(`--only takes ${PHASES.join(', ')} (comma-separated)`);
  return phases;
}

/** Killed and removed on any exit, so a timed-out or interrupted run leaves no server or build behind. */
let serverForExit: ServerProcess | null = null;
let clientBuildForExit: ClientBuild | null = null;
process.on('exit', () => {
  // SIGTERM, not SIGKILL: the child is tsx's CLI, which passes SIGTERM on to the server it runs.
  if (serverForExit && serverForExit.child.exitCode === null) serverForExit.child.kill('SIGTERM');
  clientBuildForExit?.dispose();
});
process.once('SIGINT', () => process.exit(130));

function measureBundles(clientDir: string): BundleFigures {
  return {
    customer: measurePageBundle(clientDir, 'join.html'),
    rep: measurePageBundle(clientDir, 'rep.html'),
    peerjsClientGzipBytes: gzipSync(readFileSync(PEERJS_BUNDLE_PATH), { level: 9 }).byteLength,
    fetchedScripts: { customer: null, rep: null },
  };
}

/** Scripts the browser fetched that the HTML parse did not count (expected: none). */
function uncounted(fetched: readonly string[] | null, clientDir: string, htmlFile: string): string[] {
  if (!fetched) return [];
  const counted = new Set(scriptPathsOf(readFileSync(resolve(clientDir, htmlFile), 'utf8')));
  return fetched.filter((path) => !counted.has(path));
}

async function main(): Promise<number> {
  const options = readOptions();
  const startedAt = Date.now();
  const errors: Record<string, string> = {};
  let connectOurs: ConnectFigures | null = null;
  let connectPeerjs: ConnectFigures | null = null;
  let roundTrip: BenchFigures['roundTrip'] = null;
  let roundTripPeerjs: BaselineRoundTrip | null = null;
  let bundle: BundleFigures | null = null;
  let chromiumVersion = 'unknown';
  let screen: ScreenShareFigures | null = null;
  let consoleFigures: ConsoleFigures | null = null;
  let fileFigures: FileFigures | null = null;
  const wants = (phase: (typeof PHASES)[number]) => options.only === null || options.only.has(phase);
  let signaling: SignalingLoadFigures | null = null;
  // First, before any browser or build: it measures servers' CPU and memory on a quiet machine.
  if (wants('signaling')) {
    console.log('Signaling load: idle connections, pairings a second, relay latency (servers in their own processes)…');
    try {
      signaling = await measureSignalingLoad(DEFAULT_SIGNALING_LOAD_OPTIONS, (line) => console.log(line));
      const problems = signalingErrors(signaling);
      if (problems.length > 0) errors.signaling = problems.join('; ');
    } catch (error) {
      errors.signaling = errorText(error);
    }
  }
  const browserPhases = PHASES.some((phase) => phase !== 'signaling' && wants(phase));

  let build: ClientBuild;
  if (!browserPhases) {
    build = { dir: DEFAULT_CLIENT_DIR, dispose: () => undefined };
  } else if (options.build) {
    console.log('Building the client (vite build, into a private folder)…');
    build = buildClient();
    clientBuildForExit = build;
  } else {
    const built = statSync(resolve(DEFAULT_CLIENT_DIR, 'join.html')).mtime.toISOString();
    console.log(`Using the existing build in dist/client (built ${built}).`);
    build = { dir: DEFAULT_CLIENT_DIR, dispose: () => undefined };
  }
  try {
    if (browserPhases) bundle = measureBundles(build.dir);
  } catch (error) {
    errors.bundle = errorText(error);
  }

  let server: ServerProcess | null = null;
  let peerjsServers: PeerjsServers | null = null;
  let browser: Browser | null = null;
  let rep: Participant | null = null;
  let customerScripts: readonly string[] | null = null;
  try {
    // Host candidates only, for both products. Every connect session stays open on the rep
    // console (customers close their page, the rep does not end it), so the per-rep cap on open
    // sessions is raised above what the run creates.
    const sessionsCreated = options.warmup + options.sessions + 1;
    if (browserPhases) {
      server = await startServerProcess({
        ICE_SERVERS: '[]',
        CLIENT_DIR: build.dir,
        MAX_SESSIONS_PER_REP: String(Math.max(50, sessionsCreated + 10)),
      });
      serverForExit = server;
      peerjsServers = await startPeerjsServers();
      browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS, timeout: 30_000 });
      chromiumVersion = browser.version();
      rep = await openRepConsole(browser, server);
    }

    if (wants('chat') && server && browser && rep && peerjsServers) {
      // Connect time: our sessions and PeerJS connections alternate, so any drift in the
      // machine's load during the run hits both sides alike.
      const ours = new OurConnectBench(browser, server, rep.page);
      const peerjs = await PeerjsBaseline.start(browser, peerjsServers).catch((error: unknown) => {
        errors.connectPeerjs = `baseline did not start: ${errorText(error)}`;
        return null;
      });
      const oursSamples = new ConnectSamples(options.warmup);
      const peerjsSamples = new ConnectSamples(options.warmup);
      const total = options.warmup + options.sessions;
      console.log(`Connect time: ${options.sessions} sessions each (+${options.warmup} warm-up)…`);
      for (let i = 0; i < total && !(oursSamples.gaveUp && (peerjsSamples.gaveUp || !peerjs)); i++) {
        let channelOpen: number | null = null;
        const measureOurs = () =>
          oursSamples.take(i, async () => {
            const sample = await ours.measureOnce(i);
            customerScripts ??= sample.customerScripts;
            channelOpen = sample.channelOpenMs;
            return sample;
          });
        const measurePeerjs = async () => (peerjs ? await peerjsSamples.take(i, () => peerjs.measureConnect(i)) : null);
        // Who goes first alternates: the second of a pair measured about 5 ms slower, whichever
        // of the two it was (bench/README.md, connect time).
        const oursFirst = i % 2 === 0;
        const first = oursFirst ? await measureOurs() : await measurePeerjs();
        const second = oursFirst ? await measurePeerjs() : await measureOurs();
        const [a, b] = oursFirst ? [first, second] : [second, first];
        const show = (v: number | null) => (v === null ? 'failed' : `${v.toFixed(1)} ms`);
        console.log(`  ${i < options.warmup ? 'warm-up' : `${i - options.warmup + 1}/${options.sessions}`}: ours ${show(channelOpen)} (connected shown ${show(a)}), PeerJS ${peerjs ? show(b) : 'n/a'}`);
      }
      connectOurs = oursSamples.figures();
      connectPeerjs = peerjsSamples.figures();
      if (!connectOurs) errors.connectOurs = oursSamples.errors[0] ?? 'no sample';
      if (!connectPeerjs) errors.connectPeerjs ??= peerjsSamples.errors[0] ?? 'no sample';

      console.log(`Message round trip: ${options.messages} messages (+${WARMUP_MESSAGES} warm-up) each…`);
      if (peerjs) {
        try {
          const loop = await peerjs.measureRoundTrip(WARMUP_MESSAGES + options.messages);
          const counted = loop.roundTripMs.slice(WARMUP_MESSAGES);
          if (loop.error) errors.roundTripPeerjs = loop.error;
          if (counted.length > 0) {
            roundTripPeerjs = { roundTrip: summarize(counted), requested: options.messages, completed: counted.length, error: loop.error };
          }
        } catch (error) {
          errors.roundTripPeerjs = errorText(error);
        }
        console.log(`  PeerJS: median ${roundTripPeerjs ? `${roundTripPeerjs.roundTrip.medianMs} ms` : 'n/a'}`);
        await peerjs.close();
      }
      try {
        roundTrip = await measureMessageRoundTrip(browser, server, rep.page, options.messages, ours.lastCode);
        if (roundTrip.error) errors.roundTrip = roundTrip.error;
        if (roundTrip.completed === 0) roundTrip = null;
        console.log(`  ours: median ${roundTrip ? `${roundTrip.roundTrip.medianMs} ms` : 'n/a'}`);
      } catch (error) {
        errors.roundTrip = errorText(error);
      }
    }

    if (wants('screen') && server && browser) {
      console.log('Screen thumbnail: one session, sharing the synthetic screen…');
      screen = await measureScreenShare(browser, server);
      if (screen.errors.length > 0) errors.screen = screen.errors.join('; ');
    }

    if (wants('console') && server && browser) {
      console.log('Rep console: a 5,000-message log, and memory with 10 sessions…');
      consoleFigures = await measureConsole(browser, server);
      if (consoleFigures.errors.length > 0) errors.console = consoleFigures.errors.join('; ');
    }

    if (wants('files') && peerjsServers && server && browser) {
      console.log('File transfer: 128 MiB raw, ours, simple-peer, PeerJS; then 512 MiB with heap and chat…');
      fileFigures = await measureFiles(browser, server, peerjsServers, (line) => console.log(line));
      if (fileFigures.errors.length > 0) errors.files = fileFigures.errors.join('; ');
    }
  } catch (error) {
    errors.run = errorText(error);
  } finally {
    const repScripts = rep ? [...rep.scripts] : null;
    await rep?.context.close().catch(() => undefined);
    const closing = (what: string, promise: Promise<void> | undefined) =>
      withTimeout(promise ?? Promise.resolve(), CLOSE_TIMEOUT_MS, what).catch((error: unknown) => console.error(`  ${errorText(error)}`));
    await closing('closing the browser', browser?.close());
    await closing('stopping the server', server?.stop());
    await closing('stopping the PeerJS servers', peerjsServers?.stop());
    if (bundle) bundle = { ...bundle, fetchedScripts: { customer: customerScripts, rep: repScripts } };
  }

  const figures: BenchFigures = { connectOurs, connectPeerjs, roundTrip, roundTripPeerjs, bundle, errors };
  const checks = checkTargets(figures);
  console.log('');
  const screenChecks = screen ? checkScreenTargets(screen) : [];
  const signalingChecks = signaling ? checkSignalingTargets(signaling) : [];
  console.log(
    formatTable([
      ...(wants('chat') ? reportRows(figures, checks) : []),
      ...(screen ? screenShareRows(screen, screenChecks) : []),
      ...(consoleFigures ? consoleRows(consoleFigures) : []),
      ...(fileFigures ? fileRows(fileFigures) : []),
      ...(signaling ? signalingRows(signaling, signalingChecks) : []),
    ]),
  );
  if (signaling) for (const note of signalingNotes(signaling)) console.log(note);
  if (screen) console.log('Screen: synthetic 1280 × 720 screen that changes every frame; bytes = frames channel as received; * capture → display spans two pages (shared clock).');
  if (wants('chat')) {
    console.log('Connect: in-page time from the Join click to the customer page showing connected; chat channel open: to the channel\'s open event (PeerJS: connect() to open, both rows).');
    console.log('Round trip: ours = chat message through both UIs and back; PeerJS = string echoed on a DataConnection, no UI.');
    console.log('* one-way figures subtract timestamps from two pages (performance.timeOrigin + now); indicative only.');
    console.log('KB = 1000 bytes; JS = entry script + modulepreloads in the built HTML, each gzip -9.');
  }
  for (const [page, html] of [['customer', 'join.html'], ['rep', 'rep.html']] as const) {
    const missed = uncounted(bundle?.fetchedScripts[page] ?? null, build.dir, html);
    if (missed.length > 0) console.log(`Note: the ${page} page also fetched ${missed.join(', ')} (not in the size figure).`);
  }
  if (roundTrip?.budgetExhausted) {
    console.log(
      `Note: our round trip stopped after ${roundTrip.completed} of ${roundTrip.requested} counted messages, ` +
        `its ${LOOP_BUDGET_MS / 1000} s time budget used up; the figures are of the messages sent.`,
    );
  }
  for (const [phase, message] of Object.entries(errors)) console.log(`Error in ${phase}: ${message}`);
  build.dispose();

  mkdirSync(RESULTS_DIR, { recursive: true });
  const report = {
    generatedAt: new Date().toISOString(),
    durationS: Math.round((Date.now() - startedAt) / 1000),
    environment: {
      node: process.version,
      chromium: chromiumVersion,
      os: `${platform()} ${release()}`,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
    },
    options,
    units: { time: 'ms', size: 'bytes (table: KB = 1000 bytes)', percentiles: 'nearest rank' },
    targets: [...checks, ...screenChecks, ...signalingChecks],
    figures: { ...figures, screen, console: consoleFigures, files: fileFigures, signaling },
  };
  const file = resultsFile(options.only);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nWrote ${file} (${report.durationS} s).`);
  return Object.keys(errors).length > 0 ? 1 : 0;
}

const watchdog = setTimeout(() => {
  console.error(`bench: still running after ${RUN_TIMEOUT_MS / 60_000} minutes, giving up`);
  process.exit(2);
}, RUN_TIMEOUT_MS);
watchdog.unref();

main()
  .then((code) => {
    // PeerServer keeps interval timers alive after its socket is closed; exit explicitly.
    process.exit(code);
  })
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
