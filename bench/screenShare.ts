/**
 * Screen thumbnail (issue 5): one session, the rep asks to see the screen, the customer
 * allows it, and Chromium's synthetic screen (1280 × 720, a new picture every frame: the
 * worst case for "send only what changed") is shared for a fixed window at thumbnail size,
 * then with the viewer open. Side by side in the same session: chat round trips while not
 * sharing (half before, half after, so drift in the machine's load hits both sides alike),
 * while sharing the thumbnail and while the viewer is open. The thumbnail's own figures come
 * from a window without chat traffic; the same figures under chat load are reported beside.
 *
 * Frames a second and capture → display come from the rep's own canvas (`data-frame`,
 * `data-captured-at`); bytes from the browser's WebRTC statistics for the `frames` channel.
 */
import type { Browser, Page } from '@playwright/test';
import type { ServerProcess } from '../test/support/serverProcess.js';
import { errorText } from './errorText.js';
import { PEER_CONNECTION_TRACKER, readChannelBytes, type ChannelBytes } from './inPage/channelStats.js';
import { installComposerDriver } from './inPage/composerDriver.js';
import { installEchoResponder } from './inPage/echoResponder.js';
import { installFrameRecorder, readFrameRecords, type FrameRecord } from './inPage/frameRecorder.js';
import { runPingLoop } from './inPage/pingLoop.js';
import { fillJoinForm, openCustomerPage, openRepConsole, PAGE_WAIT_TIMEOUT_MS, startSession, waitConnected, type Participant } from './productPages.js';
import { percentile, summarize, type LatencySummary } from './stats.js';
import { withTimeout } from './withTimeout.js';

export const SCREEN_FPS_TARGET = 2;
/** 60 KB a second, 1 KB = 1000 bytes. */
export const SCREEN_BYTES_PER_SECOND_TARGET = 60_000;
export const CAPTURE_TO_DISPLAY_TARGET_MS = 250;

export interface ScreenShareOptions {
  /** Length of the thumbnail window. */
  readonly thumbnailSeconds: number;
  /** Length of the viewer window (0: skip it). */
  readonly viewerSeconds: number;
  /** Chat round trips in each of the three phases. */
  readonly messages: number;
}

export const DEFAULT_SCREEN_OPTIONS: ScreenShareOptions = { thumbnailSeconds: 20, viewerSeconds: 10, messages: 200 };
/** The thumbnail window with chat traffic lasts at least this long (and until its round trips are done). */
const CHAT_WINDOW_SECONDS = 10;

/** Round trips sent first in the session and not counted. */
const WARMUP_MESSAGES = 20;
const PONG_TIMEOUT_MS = 5_000;
const CONNECT_TIMEOUT_MS = 30_000;
const LOOP_TIMEOUT_MS = 120_000;

export interface ScreenWindowFigures {
  readonly seconds: number;
  readonly frames: number;
  readonly framesPerSecond: number;
  /** Bytes a second received on the `frames` channel (null: stats unavailable). */
  readonly bytesPerSecond: number | null;
  readonly medianFrameWidth: number | null;
  /** Customer takes the picture → rep's canvas shows it (two pages, one browser's clock). */
  readonly captureToDisplay: LatencySummary;
  /** Chat round trips sent during this window (null: none were sent). */
  readonly chat: LatencySummary | null;
}

export interface ScreenShareFigures {
  readonly chatNotSharing: LatencySummary | null;
  /** Thumbnail size, no chat traffic. */
  readonly thumbnail: ScreenWindowFigures | null;
  /** Thumbnail size while chat round trips run back to back. */
  readonly thumbnailWithChat: ScreenWindowFigures | null;
  /** Viewer open, with chat round trips. */
  readonly viewer: ScreenWindowFigures | null;
  readonly options: ScreenShareOptions;
  readonly errors: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A rep console of its own, whose page keeps its RTCPeerConnections for the stats. */
async function openTrackedRep(browser: Browser, server: ServerProcess): Promise<Participant> {
  const rep = await openRepConsole(browser, server);
  await rep.context.addInitScript({ content: PEER_CONNECTION_TRACKER });
  await rep.page.reload({ timeout: PAGE_WAIT_TIMEOUT_MS });
  await rep.page.getByTestId('new-session').waitFor({ state: 'visible', timeout: PAGE_WAIT_TIMEOUT_MS });
  return rep;
}

/** Round trips in milliseconds, the first `skip` left out. */
async function chatLoop(customer: Page, firstId: number, count: number, skip: number): Promise<number[]> {
  const loop = await withTimeout(
    customer.evaluate(runPingLoop, { count, firstId, timeoutMs: PONG_TIMEOUT_MS }),
    LOOP_TIMEOUT_MS,
    'screen bench chat loop',
  );
  if (loop.error) throw new Error(loop.error);
  return loop.roundTripMs.slice(skip);
}

const summaryOf = (samples: readonly number[]) => (samples.length > 0 ? summarize(samples) : null);

async function waitForFrame(page: Page, testId: string, minWidth: number): Promise<void> {
  await page.waitForFunction(
    ({ id, width }) => {
      const canvas = document.querySelector(`[data-testid="${id}"]`);
      return canvas?.hasAttribute('data-frame') && Number(canvas.getAttribute('data-width')) >= width;
    },
    { id: testId, width: minWidth },
    { timeout: PAGE_WAIT_TIMEOUT_MS, polling: 50 },
  );
}

/** Frames (and chat round trips, when `messages` > 0) for at least `seconds`, until the round trips are done. */
async function measureWindow(rep: Page, customer: Page, testId: string, seconds: number, firstId: number, messages: number): Promise<ScreenWindowFigures> {
  await rep.evaluate(installFrameRecorder, testId);
  const before: ChannelBytes | null = await rep.evaluate(readChannelBytes, 'frames');
  const startedAt = performance.now();
  const chat = messages > 0 ? chatLoop(customer, firstId, messages, 0) : Promise.resolve([]);
  const [roundTrips] = await Promise.all([chat, sleep(seconds * 1000)]);
  const after: ChannelBytes | null = await rep.evaluate(readChannelBytes, 'frames');
  const records: FrameRecord[] = await rep.evaluate(readFrameRecords, testId);
  const elapsedS = (performance.now() - startedAt) / 1000;
  const widths = records.map((r) => r.width).sort((a, b) => a - b);
  return {
    seconds: Math.round(elapsedS * 10) / 10,
    frames: records.length,
    framesPerSecond: Math.round((records.length / elapsedS) * 100) / 100,
    bytesPerSecond: before && after ? Math.round((after.bytes - before.bytes) / elapsedS) : null,
    medianFrameWidth: widths.length > 0 ? percentile(widths, 50) : null,
    captureToDisplay: summarize(records.map((r) => r.shownAtMs - r.capturedAtMs)),
    chat: summaryOf(roundTrips),
  };
}

export async function measureScreenShare(browser: Browser, server: ServerProcess, options: ScreenShareOptions = DEFAULT_SCREEN_OPTIONS): Promise<ScreenShareFigures> {
  const errors: string[] = [];
  let chatNotSharing: LatencySummary | null = null;
  let thumbnail: ScreenWindowFigures | null = null;
  let thumbnailWithChat: ScreenWindowFigures | null = null;
  let viewer: ScreenWindowFigures | null = null;
  let rep: Participant | null = null;
  let customer: Participant | null = null;
  try {
    rep = await openTrackedRep(browser, server);
    const code = await startSession(rep.page, null);
    customer = await openCustomerPage(browser, server, 'screen customer');
    await fillJoinForm(customer.page, { code, name: 'Screen bench', query: 'Screen thumbnail benchmark' });
    await customer.page.getByTestId('join-submit').click({ timeout: PAGE_WAIT_TIMEOUT_MS });
    await waitConnected(customer.page, 'screen customer', CONNECT_TIMEOUT_MS);
    await waitConnected(rep.page, 'screen rep', CONNECT_TIMEOUT_MS);
    await rep.page.evaluate(installComposerDriver);
    await rep.page.evaluate(installEchoResponder);
    await customer.page.evaluate(installComposerDriver);

    const half = Math.ceil(options.messages / 2);
    console.log(`  chat round trips, not sharing: ${half} (+${WARMUP_MESSAGES} warm-up)…`);
    const notSharing = await chatLoop(customer.page, 0, WARMUP_MESSAGES + half, WARMUP_MESSAGES);

    await rep.page.getByTestId('request-screen').click({ timeout: PAGE_WAIT_TIMEOUT_MS });
    await customer.page.getByTestId('screen-accept').click({ timeout: PAGE_WAIT_TIMEOUT_MS });
    await waitForFrame(rep.page, 'screen-thumbnail', 1);
    console.log(`  thumbnail: ${options.thumbnailSeconds} s…`);
    thumbnail = await measureWindow(rep.page, customer.page, 'screen-thumbnail', options.thumbnailSeconds, 0, 0);
    console.log(`  thumbnail with ${options.messages} chat round trips…`);
    thumbnailWithChat = await measureWindow(rep.page, customer.page, 'screen-thumbnail', CHAT_WINDOW_SECONDS, 10_000, options.messages);

    if (options.viewerSeconds > 0) {
      await rep.page.getByTestId('screen-thumbnail').dblclick({ timeout: PAGE_WAIT_TIMEOUT_MS });
      await waitForFrame(rep.page, 'screen-viewer-picture', 321);
      console.log(`  viewer: ${options.viewerSeconds} s with ${options.messages} chat round trips…`);
      viewer = await measureWindow(rep.page, customer.page, 'screen-viewer-picture', options.viewerSeconds, 20_000, options.messages);
    }
    await customer.page.getByTestId('screen-stop').click({ timeout: PAGE_WAIT_TIMEOUT_MS });
    await rep.page.getByTestId('request-screen').waitFor({ state: 'visible', timeout: PAGE_WAIT_TIMEOUT_MS });
    console.log(`  chat round trips, not sharing again: ${options.messages - half}…`);
    notSharing.push(...(await chatLoop(customer.page, 30_000, options.messages - half, 0)));
    chatNotSharing = summaryOf(notSharing);
  } catch (error) {
    errors.push(errorText(error));
  } finally {
    await customer?.context.close().catch(() => undefined);
    await rep?.context.close().catch(() => undefined);
  }
  return { chatNotSharing, thumbnail, thumbnailWithChat, viewer, options, errors };
}

export type ScreenTargetId = 'screen-fps' | 'screen-bytes' | 'screen-latency';

export interface ScreenTargetCheck {
  readonly id: ScreenTargetId;
  readonly target: string;
  readonly pass: boolean | null;
}

export function checkScreenTargets(figures: ScreenShareFigures): ScreenTargetCheck[] {
  const t = figures.thumbnail;
  return [
    { id: 'screen-fps', target: `≥ ${SCREEN_FPS_TARGET} frames/s`, pass: t ? t.framesPerSecond >= SCREEN_FPS_TARGET : null },
    {
      id: 'screen-bytes',
      target: `< ${SCREEN_BYTES_PER_SECOND_TARGET / 1000} KB/s`,
      pass: t && t.bytesPerSecond !== null ? t.bytesPerSecond < SCREEN_BYTES_PER_SECOND_TARGET : null,
    },
    {
      id: 'screen-latency',
      target: `median < ${CAPTURE_TO_DISPLAY_TARGET_MS} ms`,
      pass: t && t.frames > 0 ? t.captureToDisplay.medianMs < CAPTURE_TO_DISPLAY_TARGET_MS : null,
    },
  ];
}

const NONE = '—';
const ms = (value: number | undefined) => (value === undefined || !Number.isFinite(value) ? 'n/a' : `${value.toFixed(1)} ms`);
const kbps = (bytes: number | null | undefined) => (bytes === null || bytes === undefined ? 'n/a' : `${(bytes / 1000).toFixed(1)} KB/s`);

/** Rows for the bench table: Figure, Ours, (baseline column unused), Target, Result. */
export function screenShareRows(figures: ScreenShareFigures, checks: readonly ScreenTargetCheck[] = checkScreenTargets(figures)): string[][] {
  const verdict = (id: ScreenTargetId): [string, string] => {
    const check = checks.find((c) => c.id === id)!;
    return [check.target, check.pass === null ? 'n/a' : check.pass ? 'PASS' : 'FAIL'];
  };
  const t = figures.thumbnail;
  const tc = figures.thumbnailWithChat;
  const v = figures.viewer;
  const cell = <T,>(w: T | null, pick: (w: T) => string) => (w ? pick(w) : 'error');
  const chatP99 = (w: ScreenWindowFigures | null) => ms(w?.chat?.p99Ms);
  const ratio = (w: ScreenWindowFigures | null) =>
    w?.chat && figures.chatNotSharing ? ` (${(w.chat.p99Ms / figures.chatNotSharing.p99Ms).toFixed(2)}×)` : '';
  return [
    ['Screen thumbnail, frames a second', cell(t, (w) => `${w.framesPerSecond.toFixed(2)} (${w.frames} in ${w.seconds} s, ${w.medianFrameWidth ?? '?'} px)`), NONE, ...verdict('screen-fps')],
    ['Screen thumbnail, bytes a second', cell(t, (w) => kbps(w.bytesPerSecond)), NONE, ...verdict('screen-bytes')],
    ['Screen capture → display, median*', cell(t, (w) => ms(w.captureToDisplay.medianMs)), NONE, ...verdict('screen-latency')],
    ['Screen capture → display, p95*', cell(t, (w) => ms(w.captureToDisplay.p95Ms)), NONE, NONE, NONE],
    ['Chat round trip p99, not sharing', ms(figures.chatNotSharing?.p99Ms), NONE, NONE, NONE],
    ['Chat round trip p99, sharing thumbnail', `${chatP99(tc)}${ratio(tc)}`, NONE, NONE, NONE],
    ['Chat round trip median, not → sharing', `${ms(figures.chatNotSharing?.medianMs)} → ${ms(tc?.chat?.medianMs)}`, NONE, NONE, NONE],
    [
      '  thumbnail during that chat: frames/s, capture → display*',
      cell(tc, (w) => `${w.framesPerSecond.toFixed(2)}, median ${ms(w.captureToDisplay.medianMs)}`),
      NONE,
      NONE,
      NONE,
    ],
    ['Screen viewer, frames a second', cell(v, (w) => `${w.framesPerSecond.toFixed(2)} (${w.medianFrameWidth ?? '?'} px)`), NONE, NONE, NONE],
    ['Screen viewer, bytes a second', cell(v, (w) => kbps(w.bytesPerSecond)), NONE, NONE, NONE],
    ['Screen viewer capture → display, median*', cell(v, (w) => ms(w.captureToDisplay.medianMs)), NONE, NONE, NONE],
    ['Chat round trip p99, viewer open', `${chatP99(v)}${ratio(v)}`, NONE, NONE, NONE],
  ];
}
