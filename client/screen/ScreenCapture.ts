/**
 * The customer's screen (a stream from the browser's own picker) read as still pictures: a
 * muted video element plays the captured track, and each sample draws its current picture at
 * thumbnail size (for change detection); a frame is encoded at the size the rep asked for.
 */
import { THUMBNAIL_EDGE_PX, type ScreenImageType } from '../../protocol/screenShare.js';
import { Emitter } from '../core/Emitter.js';
import { fitWithin } from './fitWithin.js';

/** How long the captured video may take to show its first picture. */
export const CAPTURE_START_TIMEOUT_MS = 10_000;

type AnyCanvas = OffscreenCanvas | HTMLCanvasElement;
type AnyContext = OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;

export interface ScreenSample {
  /** RGBA pixels of the picture at thumbnail size. */
  readonly pixels: Uint8ClampedArray;
  readonly capturedAtMs: number;
}

export interface EncodedPicture {
  readonly blob: Blob;
  readonly capturedAtMs: number;
  readonly width: number;
  readonly height: number;
}

export interface ScreenCaptureEvents extends Record<string, unknown> {
  /** The capture ended outside the page: the browser's own "Stop sharing", or the window closed. */
  ended: void;
}

const epochNow = () => performance.timeOrigin + performance.now();

function makeCanvas(width: number, height: number): AnyCanvas {
  if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(width, height);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  return canvas;
}

function toBlob(canvas: AnyCanvas, type: string, quality: number): Promise<Blob> {
  if ('convertToBlob' in canvas) return canvas.convertToBlob({ type, quality });
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('encode failed'))), type, quality));
}

export class ScreenCapture extends Emitter<ScreenCaptureEvents> {
  private readonly sampleCanvas: AnyCanvas;
  private readonly sampleContext: AnyContext;
  private frameCanvas: AnyCanvas | null = null;
  private stopped = false;

  private constructor(
    private readonly stream: MediaStream,
    private readonly video: HTMLVideoElement,
  ) {
    super();
    this.sampleCanvas = makeCanvas(1, 1);
    this.sampleContext = this.sampleCanvas.getContext('2d', { willReadFrequently: true }) as AnyContext;
    for (const track of stream.getTracks()) track.addEventListener('ended', () => this.handleEnded());
  }

  /** Plays a stream from the picker; resolves once its first picture is there (else stops it and rejects). */
  static async fromStream(stream: MediaStream): Promise<ScreenCapture> {
    const video = document.createElement('video');
    video.muted = true;
    video.playsInline = true;
    video.srcObject = stream;
    try {
      await Promise.race([
        video.play().then(() =>
          video.videoWidth > 0 ? undefined : new Promise<void>((resolve) => video.addEventListener('loadedmetadata', () => resolve(), { once: true })),
        ),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the captured screen shows no picture')), CAPTURE_START_TIMEOUT_MS)),
      ]);
    } catch (error) {
      for (const track of stream.getTracks()) track.stop();
      throw error;
    }
    return new ScreenCapture(stream, video);
  }

  get sourceWidth(): number {
    return this.video.videoWidth;
  }

  get sourceHeight(): number {
    return this.video.videoHeight;
  }

  get active(): boolean {
    return !this.stopped;
  }

  /** The current picture at thumbnail size, or null when the video has none. */
  sample(): ScreenSample | null {
    const { width, height } = fitWithin(this.video.videoWidth, this.video.videoHeight, THUMBNAIL_EDGE_PX);
    if (this.stopped || width === 0) return null;
    if (this.sampleCanvas.width !== width || this.sampleCanvas.height !== height) {
      this.sampleCanvas.width = width;
      this.sampleCanvas.height = height;
    }
    const capturedAtMs = epochNow();
    this.sampleContext.drawImage(this.video, 0, 0, width, height);
    return { pixels: this.sampleContext.getImageData(0, 0, width, height).data, capturedAtMs };
  }

  /**
   * Encodes the picture: at thumbnail size, the one the last sample took; larger, the
   * video's current picture drawn at that size.
   */
  async encode(maxEdge: number, mime: ScreenImageType, quality: number, sampledAtMs: number): Promise<EncodedPicture> {
    const { width, height } = fitWithin(this.video.videoWidth, this.video.videoHeight, maxEdge);
    if (maxEdge <= THUMBNAIL_EDGE_PX && width === this.sampleCanvas.width && height === this.sampleCanvas.height) {
      return { blob: await toBlob(this.sampleCanvas, mime, quality), capturedAtMs: sampledAtMs, width, height };
    }
    let canvas = this.frameCanvas;
    if (!canvas || canvas.width !== width || canvas.height !== height) canvas = this.frameCanvas = makeCanvas(width, height);
    const context = canvas.getContext('2d') as AnyContext;
    context.imageSmoothingQuality = 'high';
    const capturedAtMs = epochNow();
    context.drawImage(this.video, 0, 0, width, height);
    return { blob: await toBlob(canvas, mime, quality), capturedAtMs, width, height };
  }

  /** Ends the capture (the browser's sharing indicator goes away with it). */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const track of this.stream.getTracks()) track.stop();
    this.video.srcObject = null;
    this.clear();
  }

  private handleEnded(): void {
    if (this.stopped) return;
    this.emit('ended', undefined);
    this.stop();
  }
}
