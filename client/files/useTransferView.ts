/** A transfer's view as Preact state, updated when its manager says it changed. */
import { useEffect, useState } from 'preact/hooks';
import type { TransferSource } from './TransferSource.js';
import type { TransferView } from './TransferHost.js';

export function useTransferView(manager: TransferSource | null, transferId: string): TransferView | null {
  const [view, setView] = useState(() => manager?.view(transferId) ?? null);
  useEffect(() => {
    if (!manager) return undefined;
    setView(manager.view(transferId));
    return manager.on('change', (id) => {
      if (id === transferId) setView(manager.view(transferId));
    });
  }, [manager, transferId]);
  return view;
}

/** A blob: URL for `load()`'s Blob while `key` holds, revoked when it changes or the component goes. */
export function useBlobUrl(load: (() => Promise<Blob | null>) | null, key: string): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!load) return undefined;
    let made: string | null = null;
    let live = true;
    void load().then((blob) => {
      if (!live || !blob) return;
      made = URL.createObjectURL(blob);
      setUrl(made);
    });
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
      setUrl(null);
    };
  }, [key]);
  return url;
}
