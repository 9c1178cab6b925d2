/** Session details: shown in the rep's side pane and at the head of both chat logs. */
import type { SessionDetails } from '../../protocol/transcript.js';
import { sessionDetailRows } from './sessionDetailRows.js';
import type { ChatStrings } from './strings.js';

interface DetailsProps {
  readonly details: SessionDetails | null;
  readonly strings: ChatStrings;
  readonly testId?: string;
  /** A labelled region of its own (side pane) rather than the head of the chat log. */
  readonly landmark?: boolean;
}

export function SessionDetailsView({ details, strings, testId, landmark = false }: DetailsProps) {
  const d = strings.details;
  if (!details) return null;
  const rows = sessionDetailRows(details, strings);
  return (
    <div class="details" data-testid={testId} {...(landmark ? { role: 'region', 'aria-label': d.title } : {})}>
      <h2 class={landmark ? undefined : "details-heading"}>{d.title}</h2>
      <dl>
        {rows.map(([label, value, field]) => (
            <div key={field} class="details-row" data-field={field}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
    </div>
  );
}
