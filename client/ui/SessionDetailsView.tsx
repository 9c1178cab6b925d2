/** Session details: shown in the rep's side pane and at the head of both chat logs. */
import type { SessionDetails } from '../../protocol/transcript.js';
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
  const rows: [string, string | undefined, string][] = [
    [d.sessionId, details.sessionId, 'sessionId'],
    [d.startedAt, strings.formatDateTime(details.startedAt), 'startedAt'],
    [d.reference, details.reference, 'reference'],
    [d.repName, details.repName, 'repName'],
    [d.customerName, details.customerName, 'customerName'],
    [d.joinedBy, details.joinedBy === 'link' ? d.joinedByLink : details.joinedBy === 'code' ? d.joinedByCode : undefined, 'joinedBy'],
    [d.query, details.query, 'query'],
    [d.os, details.os, 'os'],
    [d.browser, details.browser, 'browser'],
  ];
  return (
    <div class="details" data-testid={testId} {...(landmark ? { role: 'region', 'aria-label': d.title } : {})}>
      <h2 class={landmark ? undefined : "details-heading"}>{d.title}</h2>
      <dl>
        {rows
          .filter(([, value]) => value)
          .map(([label, value, field]) => (
            <div key={field} class="details-row" data-field={field}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
    </div>
  );
}
