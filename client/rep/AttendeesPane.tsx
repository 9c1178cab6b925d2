/** Who is in the session now: the rep, and the customer with whether they are connected. */
import type { SessionView } from '../ui/useSessionState.js';
import { repName } from './consoleState.js';
import { repMessages as strings } from './messages.js';

export type AttendeeState = 'connected' | 'away' | 'left';

/** What the pane shows of a session. */
type AttendeesView = Pick<SessionView, 'details' | 'state'>;

export function customerPresence(view: AttendeesView, ended: boolean): AttendeeState {
  if (ended) return 'left';
  return view.state === 'connected' ? 'connected' : 'away';
}

export function AttendeesPane({ view, ended }: { view: AttendeesView; ended: boolean }) {
  const customer = view.details?.customerName;
  const presence = customerPresence(view, ended);
  return (
    <section class="pane" aria-labelledby="attendees-heading" data-testid="attendees">
      <h2 id="attendees-heading">{strings.attendeesTitle}</h2>
      <ul class="attendees">
        <li data-testid="attendee" data-role="rep" data-state={ended ? 'left' : 'connected'}>
          <span class="attendee-name">{repName.value || view.details?.repName || strings.theRep}</span>{' '}
          <span class="hint">{strings.attendeeRep}</span>
        </li>
        {customer ? (
          <li data-testid="attendee" data-role="customer" data-state={presence}>
            <span class={`presence ${presence}`} aria-hidden="true" />
            <span class="attendee-name">{customer}</span> <span class="hint">{strings.attendeeStates[presence]}</span>
          </li>
        ) : (
          <li class="hint">{strings.attendeeNoCustomer}</li>
        )}
      </ul>
    </section>
  );
}
