/** A native modal <dialog>: focus is trapped and Escape closes it, as the platform does. */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

interface ModalDialogProps {
  readonly title: string;
  readonly testId: string;
  readonly onClose: () => void;
  readonly children: ComponentChildren;
  readonly closeLabel: string;
}

export function ModalDialog({ title, testId, onClose, children, closeLabel }: ModalDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  const headingId = `${testId}-heading`;
  return (
    <dialog ref={ref} class="modal" data-testid={testId} aria-labelledby={headingId} onClose={onClose}>
      <div class="modal-head">
        <h2 id={headingId}>{title}</h2>
        <button type="button" class="secondary" onClick={() => ref.current?.close()}>
          {closeLabel}
        </button>
      </div>
      {children}
    </dialog>
  );
}
