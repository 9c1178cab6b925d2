/**
 * Drag and drop onto the chat, and pasting an image into it, attach files. Returns the
 * handlers for the chat panel's element and whether files are being dragged over it.
 */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { SupportSession } from '../session/SupportSession.js';
import { fileTransfersOf } from './sessionFiles.js';

type DropHandlers = Pick<JSX.HTMLAttributes<HTMLElement>, 'onDragOver' | 'onDragLeave' | 'onDrop' | 'onPaste'>;

const carriesFiles = (transfer: DataTransfer | null) => Boolean(transfer && [...transfer.types].includes('Files'));

export function useFileDrop(session: SupportSession, enabled: boolean): { handlers: DropHandlers; dragging: boolean } {
  const [dragging, setDragging] = useState(false);
  const manager = fileTransfersOf(session);
  if (!manager || !enabled) return { handlers: {}, dragging: false };
  return {
    dragging,
    handlers: {
      onDragOver: (e) => {
        if (!carriesFiles(e.dataTransfer)) return;
        e.preventDefault();
        e.dataTransfer!.dropEffect = 'copy';
        setDragging(true);
      },
      onDragLeave: (e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
      },
      onDrop: (e) => {
        setDragging(false);
        const files = [...(e.dataTransfer?.files ?? [])];
        if (files.length === 0) return;
        e.preventDefault();
        manager.attach(files);
      },
      onPaste: (e) => {
        // Text pastes as usual; a pasted image (a screenshot) is sent as a file.
        const files = [...(e.clipboardData?.files ?? [])];
        if (files.length === 0) return;
        e.preventDefault();
        manager.attach(files);
      },
    },
  };
}
