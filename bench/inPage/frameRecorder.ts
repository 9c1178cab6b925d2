/**
 * Runs inside the rep page (handed to page.evaluate). Notes every picture a screen canvas
 * (`screen-thumbnail` or `screen-viewer-picture`) shows: its frame number, its width, when the
 * customer's page took it (`data-captured-at`, epoch ms) and when it was drawn here (epoch ms,
 * performance.timeOrigin + now, a clock the customer's page shares in the same browser).
 * The drawing and the attributes happen in one task; the observer runs right after it.
 */

export interface FrameRecord {
  readonly frame: number;
  readonly width: number;
  readonly capturedAtMs: number;
  readonly shownAtMs: number;
}

type RecorderWindow = Window & { __benchFrames?: Record<string, FrameRecord[]> };

export function installFrameRecorder(testId: string): void {
  const canvas = document.querySelector(`[data-testid="${testId}"]`);
  if (!canvas) throw new Error(`${testId} not found`);
  const records: FrameRecord[] = [];
  const w = window as RecorderWindow;
  (w.__benchFrames ??= {})[testId] = records;
  new MutationObserver(() => {
    const shownAtMs = performance.timeOrigin + performance.now();
    const frame = Number(canvas.getAttribute('data-frame'));
    if (!Number.isFinite(frame) || records[records.length - 1]?.frame === frame) return;
    records.push({
      frame,
      width: Number(canvas.getAttribute('data-width')),
      capturedAtMs: Number(canvas.getAttribute('data-captured-at')),
      shownAtMs,
    });
  }).observe(canvas, { attributes: true, attributeFilter: ['data-frame'] });
}

export function readFrameRecords(testId: string): FrameRecord[] {
  return (window as RecorderWindow).__benchFrames?.[testId] ?? [];
}
