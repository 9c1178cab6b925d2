/**
 * What the customer sees of screen sharing above the chat: the rep's request as a prompt
 * (Allow / Decline), and while sharing an unmistakable indicator with Stop.
 */
import type { SupportSession } from '../session/SupportSession.js';
import { customerScreenShareOf } from './CustomerScreenShare.js';
import { canCaptureScreen } from './requestScreen.js';
import type { CustomerScreenStrings } from './screenStrings.js';
import { useEmitted } from './useEmitted.js';

export function ScreenShareBanner({ session, strings }: { session: SupportSession; strings: CustomerScreenStrings }) {
  const share = customerScreenShareOf(session);
  const state = useEmitted(share, (h) => share.on('state', h), () => share.state);
  const repName = session.transcript.details()?.repName ?? '';
  if (state === 'sharing') {
    return (
      <div class="screen-sharing" data-testid="screen-sharing-indicator" role="status">
        <span class="screen-sharing-dot" aria-hidden="true" />
        <strong>{strings.sharing(repName)}</strong>
        <button type="button" class="danger" data-testid="screen-stop" onClick={() => share.handleStop()}>
          {strings.stop}
        </button>
      </div>
    );
  }
  if (state !== 'asked' && state !== 'choosing') return null;
  const supported = canCaptureScreen();
  return (
    <div class="screen-prompt" data-testid="screen-prompt" role="group" aria-labelledby="screen-prompt-title">
      <h2 id="screen-prompt-title">{strings.promptTitle}</h2>
      <p role="status">{state === 'choosing' ? strings.choosing : supported ? strings.prompt(repName) : strings.unsupported}</p>
      <div class="screen-prompt-actions">
        <button type="button" data-testid="screen-accept" disabled={!supported || state === 'choosing'} onClick={() => void share.handleAccept()}>
          {strings.accept}
        </button>
        <button type="button" class="secondary" data-testid="screen-decline" disabled={state === 'choosing'} onClick={() => share.handleDecline()}>
          {strings.decline}
        </button>
      </div>
    </div>
  );
}
