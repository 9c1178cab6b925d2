/**
 * The browser's screen picker. Kept apart from the capture pipeline (loaded on demand) so the
 * customer page can open the picker synchronously inside the click that asks for it.
 */

/** Pictures a second the capture is asked for: a little above the fastest frame pace. */
export const CAPTURE_FRAME_RATE = 10;

export type DisplayMediaSource = (options: DisplayMediaStreamOptions) => Promise<MediaStream>;

/** True when this browser has a screen picker at all (most phones do not). */
export function canCaptureScreen(): boolean {
  return typeof navigator !== 'undefined' && typeof navigator.mediaDevices?.getDisplayMedia === 'function';
}

/** Opens the picker; call from a click. Rejects when the person cancels it or it is not allowed. */
export function requestScreen(source?: DisplayMediaSource): Promise<MediaStream> {
  const options: DisplayMediaStreamOptions = { video: { frameRate: { ideal: CAPTURE_FRAME_RATE, max: CAPTURE_FRAME_RATE * 1.5 } }, audio: false };
  try {
    return source ? source(options) : navigator.mediaDevices.getDisplayMedia(options);
  } catch (error) {
    return Promise.reject(error);
  }
}
