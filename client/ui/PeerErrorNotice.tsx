/**
 * One notice, above the log, when the other side sent something this page refused: a polite
 * sentence, how many times and the latest code, and a button to dismiss it. Refusals are
 * coalesced (PeerErrorTally), so a flood of bad frames shows one notice with a count.
 */
import { useEffect, useState } from 'preact/hooks';
import type { SupportSession } from '../session/SupportSession.js';
import type { ChatStrings } from './strings.js';

interface PeerErrorNoticeProps {
  readonly session: SupportSession;
  readonly strings: ChatStrings['peerError'];
}

export function PeerErrorNotice({ session, strings }: PeerErrorNoticeProps) {
  const tally = session.peerErrors;
  const [summary, setSummary] = useState(tally.summary);
  useEffect(() => {
    setSummary(tally.summary);
    return tally.on('change', setSummary);
  }, [tally]);
  if (!summary) return null;
  return (
    <div class="notice peer-error" role="status" data-testid="peer-error" data-code={summary.code} data-count={summary.count}>
      <p>
        {strings.notice} <span class="peer-error-detail">{strings.detail(summary.count, summary.code)}</span>
      </p>
      <button type="button" data-testid="peer-error-dismiss" onClick={() => tally.dismiss()}>
        {strings.dismiss}
      </button>
    </div>
  );
}
