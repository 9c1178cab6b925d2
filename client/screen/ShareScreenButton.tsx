/** "Share my screen": the customer starts sharing without being asked. Hidden where the browser cannot. */
import type { SupportSession } from '../session/SupportSession.js';
import { customerScreenShareOf } from './CustomerScreenShare.js';
import { canCaptureScreen } from './requestScreen.js';
import type { CustomerScreenStrings } from './screenStrings.js';
import { useEmitted } from './useEmitted.js';

export function ShareScreenButton({ session, strings, disabled = false }: { session: SupportSession; strings: CustomerScreenStrings; disabled?: boolean }) {
  const share = customerScreenShareOf(session);
  const state = useEmitted(share, (h) => share.on('state', h), () => share.state);
  if (state !== 'idle' || !canCaptureScreen()) return null;
  return (
    <button type="button" class="secondary" data-testid="share-screen" disabled={disabled} onClick={() => void share.handleShareOwn()}>
      {strings.shareOwn}
    </button>
  );
}
