/** The session details as labelled rows, in display order: the side pane, the log head and exports. */
import type { SessionDetails } from '../../protocol/transcript.js';
import type { ChatStrings } from './strings.js';

/** The rows shown, in order, as [label, value, field]; also used by transcript exports. */
export function sessionDetailRows(details: SessionDetails, strings: Pick<ChatStrings, 'details' | 'formatDateTime'>): [string, string, string][] {
  const d = strings.details;
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
  return rows.filter((row): row is [string, string, string] => Boolean(row[1]));
}
