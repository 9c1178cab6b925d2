/** The code and link to give a customer, while they still work. */
import { useState } from 'preact/hooks';
import { formatSessionCode } from '../../protocol/sessionCode.js';
import type { RepConversationRecord } from '../storage/db.js';
import type { RepMessages } from './messages.js';

export function joinLinkFor(token: string, origin: string = window.location.origin): string {
  return `${origin}/join#t=${token}`;
}

function CopyButton({ text, strings, label }: { text: string; strings: RepMessages; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      class="secondary"
      aria-label={`${strings.copy}: ${label}`}
      onClick={() => {
        void navigator.clipboard?.writeText(text).then(() => setCopied(true));
      }}
    >
      {copied ? strings.copied : strings.copy}
    </button>
  );
}

export function WaitingCard({ record, strings }: { record: RepConversationRecord; strings: RepMessages }) {
  const live = record.code && record.joinToken && (record.codeExpiresAt ?? 0) > Date.now();
  if (!live) {
    return <p class="notice">{strings.codeExpired}</p>;
  }
  const link = joinLinkFor(record.joinToken!);
  const code = formatSessionCode(record.code!);
  const minutes = Math.max(1, Math.round(((record.codeExpiresAt ?? 0) - Date.now()) / 60_000));
  return (
    <section class="waiting" aria-label={strings.waitingTitle}>
      <h2>{strings.waitingTitle}</h2>
      <div class="code-row">
        <span class="label">{strings.codeLabel}</span>
        <strong class="code" data-testid="session-code">
          {code}
        </strong>
        <CopyButton text={record.code!} strings={strings} label={strings.codeLabel} />
      </div>
      <div class="code-row">
        <span class="label">{strings.linkLabel}</span>
        <a class="join-link" data-testid="join-link" href={link} target="_blank" rel="noopener noreferrer">
          {link}
        </a>
        <CopyButton text={link} strings={strings} label={strings.linkLabel} />
      </div>
      <p class="hint">{strings.codeHelp(minutes)}</p>
    </section>
  );
}
