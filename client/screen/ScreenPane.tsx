/**
 * The rep's "Customer's screen" pane (side pane of a session): Request screen view, then the
 * live thumbnail, Stop viewing, and the viewer on double-click.
 */
import { useEffect, useState } from 'preact/hooks';
import type { SupportSession } from '../session/SupportSession.js';
import { repScreenViewOf } from './RepScreenView.js';
import type { RepScreenStrings } from './screenStrings.js';
import { ScreenThumbnail } from './ScreenThumbnail.js';
import { ScreenViewer } from './ScreenViewer.js';
import { useEmitted } from './useEmitted.js';

interface ScreenPaneProps {
  readonly session: SupportSession;
  readonly strings: RepScreenStrings;
  readonly ended?: boolean;
}

export function ScreenPane({ session, strings, ended = false }: ScreenPaneProps) {
  const view = repScreenViewOf(session);
  const state = useEmitted(view, (h) => view.on('state', h), () => view.state);
  const viewerOpen = useEmitted(view, (h) => view.on('viewer', h), () => view.isViewerOpen);
  const [linked, setLinked] = useState(session.openLink !== null);
  useEffect(() => {
    setLinked(session.openLink !== null);
    return session.on('link', (link) => setLinked(link !== null));
  }, [session]);
  const headingId = `screen-heading-${session.sessionId}`;
  const customerName = session.transcript.details()?.customerName ?? '';
  return (
    <section class="pane screen-pane" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {strings.title}
      </h2>
      {state.kind === 'sharing' ? (
        <>
          <ScreenThumbnail view={view} strings={strings} />
          <p class="hint">{strings.sourceSize(state.width, state.height)}</p>
          <button type="button" class="secondary" data-testid="screen-stop-viewing" onClick={() => view.handleStopViewing()}>
            {strings.stopViewing}
          </button>
          {viewerOpen && <ScreenViewer view={view} strings={strings} title={strings.viewerTitle(customerName)} />}
        </>
      ) : (
        <>
          <p class="hint" role="status">
            {state.kind === 'requested' ? (state.choosing ? strings.choosing : strings.requested) : linked || ended ? strings.notShared : strings.notConnected}
          </p>
          {!ended && (
            <button type="button" data-testid="request-screen" disabled={!linked || state.kind === 'requested'} onClick={() => view.handleRequest()}>
              {strings.request}
            </button>
          )}
        </>
      )}
    </section>
  );
}
