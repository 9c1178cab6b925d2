/** The live thumbnail of the customer's screen, with how fresh it is; double-click enlarges. */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { RepScreenView } from './RepScreenView.js';
import type { RepScreenStrings } from './screenStrings.js';
import { useEmitted } from './useEmitted.js';
import { useFrameCanvas } from './useFrameCanvas.js';

/** How often the "updated N s ago" text is refreshed. */
const FRESHNESS_TICK_MS = 1_000;

export function ScreenThumbnail({ view, strings }: { view: RepScreenView; strings: RepScreenStrings }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  useFrameCanvas(view, canvasRef);
  const frame = useEmitted(view, (h) => view.on('frame', h), () => view.frame);
  const [, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), FRESHNESS_TICK_MS);
    return () => clearInterval(timer);
  }, []);
  const age = view.ageMs();
  const open = () => view.handleViewer(true);
  return (
    <figure class="screen-thumb">
      <canvas
        ref={canvasRef}
        class="screen-thumb-picture"
        data-testid="screen-thumbnail"
        role="button"
        tabIndex={0}
        aria-label={strings.thumbnailLabel}
        title={strings.enlargeHint}
        width={320}
        height={180}
        onDblClick={open}
        onKeyDown={(event) => {
          if (event.key === 'Enter' || event.key === ' ') {
            event.preventDefault();
            open();
          }
        }}
      />
      <figcaption class="hint" data-testid="screen-freshness">
        {frame && age !== null ? strings.updated(age) : strings.waitingForPicture}
      </figcaption>
    </figure>
  );
}
