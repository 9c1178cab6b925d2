/**
 * The customer's frame loop: takes a picture, sends it only when it changed (or when a
 * keyframe is due, so a rep that lost one catches up), and otherwise a tiny "still" so the
 * rep knows the picture is current. Paced by the `frames` channel's backlog (framePacing.ts);
 * pauses while there is no open channel and resumes on the next one.
 */
import { encodeFrameStill, MAX_FRAME_BYTES, splitScreenFrame } from '../../protocol/screenFrame.js';
import { THUMBNAIL_EDGE_PX, type ScreenImageType } from '../../protocol/screenShare.js';
import { Emitter } from '../core/Emitter.js';
import { MAX_FRAME_INTERVAL_MS, mayQueueFrame, nextFrameIntervalMs, THUMBNAIL_BYTES_PER_SECOND, VIEWER_BYTES_PER_SECOND } from './framePacing.js';
import { pictureChanged } from './pictureChanged.js';
import type { ScreenCapture } from './ScreenCapture.js';

/** A full frame goes out at least this often, changed or not. */
export const KEYFRAME_INTERVAL_MS = 3_000;
/** While nothing changes, a "still" goes out this often. */
export const STILL_INTERVAL_MS = 1_000;
/** JPEG quality, tuned on a text-heavy screen: about 6 KB a thumbnail, 140 KB at 1280 px. */
export const THUMBNAIL_QUALITY = 0.6;
export const VIEWER_QUALITY = 0.7;
/** Used for the next frame after one came out over MAX_FRAME_BYTES. */
export const FALLBACK_QUALITY = 0.4;
/** Lateness of a timer that is normal on an idle page (clamping, coarse clocks). */
const TIMER_SLACK_MS = 8;

/** The part of an RTCDataChannel the loop uses. */
export interface FrameChannel {
  readonly readyState: RTCDataChannelState;
  readonly bufferedAmount: number;
  send(data: Uint8Array<ArrayBuffer>): void;
  addEventListener(type: 'open', listener: () => void, options: { once: true }): void;
}

export interface ScreenSharerEvents extends Record<string, unknown> {
  /** The captured screen changed size (a window was resized): announce it again. */
  resized: { width: number; height: number };
}

export class ScreenSharer extends Emitter<ScreenSharerEvents> {
  private channel: FrameChannel | null = null;
  private maxEdge = THUMBNAIL_EDGE_PX;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** performance.now() when the pending timer is due. */
  private dueAt = 0;
  private running = false;
  private ticking = false;
  /** Something asked for a frame now while a tick was running: the next tick comes at once. */
  private tickAgain = false;
  private frameNumber = -1;
  private lastPixels: Uint8ClampedArray | null = null;
  private lastFrameAt = -Infinity;
  private lastSentAt = -Infinity;
  private forceFrame = true;
  private oversized = false;
  private sourceSize = { width: 0, height: 0 };

  constructor(
    private readonly capture: ScreenCapture,
    private readonly mime: ScreenImageType,
  ) {
    super();
    this.sourceSize = { width: capture.sourceWidth, height: capture.sourceHeight };
  }

  /** Frames go to this channel from now on (null: pause). A new channel gets a full frame at once. */
  setChannel(channel: FrameChannel | null): void {
    this.channel = channel;
    this.forceFrame = true;
    if (!channel) return;
    // A new link's frames channel may open a moment after its control channel.
    if (channel.readyState === 'connecting') channel.addEventListener('open', () => this.channel === channel && this.tickSoon(), { once: true });
    this.tickSoon();
  }

  /** The rep asked for another size: the next frame is a full one at that size. */
  setMaxEdge(maxEdge: number): void {
    if (maxEdge === this.maxEdge) return;
    this.maxEdge = maxEdge;
    this.forceFrame = true;
    this.tickSoon();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.tickSoon();
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.clear();
  }

  private tickSoon(): void {
    if (!this.running) return;
    if (this.ticking) {
      this.tickAgain = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    this.dueAt = performance.now() + delayMs;
    this.timer = setTimeout(() => void this.tick(), delayMs);
  }

  private async tick(): Promise<void> {
    this.timer = null;
    if (!this.running) return;
    this.ticking = true;
    const startedAt = performance.now();
    // Timers run late on a busy page; only lateness beyond the browser's usual slack counts.
    const loopDelayMs = Math.max(0, startedAt - this.dueAt - TIMER_SLACK_MS);
    const channel = this.channel;
    let sentBytes = 0;
    try {
      if (channel?.readyState === 'open' && mayQueueFrame(channel.bufferedAmount)) sentBytes = await this.takeAndSend(channel);
    } catch (error) {
      // A channel that closed under us, or an encoder hiccup: the next tick tries again.
      console.warn('screen sharing: frame not sent', error);
    } finally {
      this.ticking = false;
    }
    if (!this.running) return;
    const open = this.channel?.readyState === 'open';
    const interval = nextFrameIntervalMs({
      bufferedAmount: open ? this.channel!.bufferedAmount : 0,
      lastFrameBytes: sentBytes,
      bytesPerSecond: this.maxEdge > THUMBNAIL_EDGE_PX ? VIEWER_BYTES_PER_SECOND : THUMBNAIL_BYTES_PER_SECOND,
      loopDelayMs,
    });
    const wait = open ? Math.max(0, interval - (performance.now() - startedAt)) : MAX_FRAME_INTERVAL_MS;
    this.schedule(this.tickAgain ? 0 : wait);
    this.tickAgain = false;
  }

  /** Returns the bytes of the frame sent, 0 when nothing or only a still went out. */
  private async takeAndSend(channel: FrameChannel): Promise<number> {
    const sample = this.capture.sample();
    if (!sample) return 0;
    this.noticeResize();
    const now = performance.now();
    const changed = pictureChanged(this.lastPixels, sample.pixels);
    if (!changed && !this.forceFrame && now - this.lastFrameAt < KEYFRAME_INTERVAL_MS) {
      if (this.frameNumber >= 0 && now - this.lastSentAt >= STILL_INTERVAL_MS) {
        channel.send(encodeFrameStill(this.frameNumber, sample.capturedAtMs) as Uint8Array<ArrayBuffer>);
        this.lastSentAt = now;
      }
      return 0;
    }
    this.forceFrame = false;
    const quality = this.oversized ? FALLBACK_QUALITY : this.maxEdge > THUMBNAIL_EDGE_PX ? VIEWER_QUALITY : THUMBNAIL_QUALITY;
    const picture = await this.capture.encode(this.maxEdge, this.mime, quality, sample.capturedAtMs);
    const bytes = new Uint8Array(await picture.blob.arrayBuffer());
    // The channel may have been replaced or closed while the encoder ran.
    if (!this.running || this.channel !== channel || channel.readyState !== 'open') return 0;
    this.oversized = bytes.byteLength > MAX_FRAME_BYTES;
    const parts = splitScreenFrame({ frameNumber: this.frameNumber + 1, capturedAtMs: picture.capturedAtMs, bytes });
    if (!parts.ok) return 0;
    this.frameNumber++;
    for (const part of parts.value) channel.send(part as Uint8Array<ArrayBuffer>);
    this.lastPixels = sample.pixels;
    this.lastFrameAt = this.lastSentAt = now;
    return bytes.byteLength;
  }

  private noticeResize(): void {
    const width = this.capture.sourceWidth;
    const height = this.capture.sourceHeight;
    if (width === this.sourceSize.width && height === this.sourceSize.height) return;
    this.sourceSize = { width, height };
    this.emit('resized', { width, height });
  }
}
