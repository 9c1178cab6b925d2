/** The larger viewer of the customer's screen: a modal dialog that asks for larger frames while open. */
import { useEffect, useRef } from 'preact/hooks';
import type { RepScreenView } from './RepScreenView.js';
import type { RepScreenStrings } from './screenStrings.js';
import { useFrameCanvas } from './useFrameCanvas.js';

export function ScreenViewer({ view, strings, title }: { view: RepScreenView; strings: RepScreenStrings; title: string }) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  useFrameCanvas(view, canvasRef);
  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
    // Escape, the Close button, or anything else that closes the dialog.
    const onClose = () => view.handleViewer(false);
    dialog.addEventListener('close', onClose);
    return () => {
      dialog.removeEventListener('close', onClose);
      if (dialog.open) dialog.close();
    };
  }, [view]);
  return (
    <dialog ref={dialogRef} class="screen-viewer" data-testid="screen-viewer" aria-label={title}>
      <div class="screen-viewer-bar">
        <h2>{title}</h2>
        <button type="button" class="secondary" data-testid="screen-viewer-close" onClick={() => dialogRef.current?.close()}>
          {strings.close}
        </button>
      </div>
      <canvas ref={canvasRef} class="screen-viewer-picture" data-testid="screen-viewer-picture" role="img" aria-label={title} width={1280} height={720} />
    </dialog>
  );
}
