/**
 * Draws the rep's newest screen picture on a canvas as it arrives, and marks the canvas with
 * what it shows: `data-frame` (frame number), `data-width`/`data-height` (pixels) and
 * `data-captured-at` (epoch ms when the customer's page took it), for automation and the bench.
 */
import type { RefObject } from 'preact';
import { useEffect } from 'preact/hooks';
import type { RepScreenView, ShownFrame } from './RepScreenView.js';

export function drawFrame(canvas: HTMLCanvasElement, frame: ShownFrame | null): void {
  if (!frame) {
    for (const key of ['frame', 'width', 'height', 'capturedAt']) delete canvas.dataset[key];
    return;
  }
  const { bitmap } = frame;
  if (canvas.width !== bitmap.width) canvas.width = bitmap.width;
  if (canvas.height !== bitmap.height) canvas.height = bitmap.height;
  canvas.getContext('2d')?.drawImage(bitmap, 0, 0);
  canvas.dataset.frame = String(frame.frameNumber);
  canvas.dataset.width = String(bitmap.width);
  canvas.dataset.height = String(bitmap.height);
  canvas.dataset.capturedAt = frame.capturedAtMs.toFixed(1);
}

export function useFrameCanvas(view: RepScreenView, canvasRef: RefObject<HTMLCanvasElement>): void {
  useEffect(() => {
    const draw = (frame: ShownFrame | null) => {
      if (canvasRef.current) drawFrame(canvasRef.current, frame);
    };
    draw(view.frame);
    return view.on('frame', draw);
  }, [view, canvasRef]);
}
