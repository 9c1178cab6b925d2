/** The conversation: details at the head, then messages and status notes in log order. */
import { Fragment, type ComponentChildren } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Role } from '../../protocol/ids.js';
import type { FileEntry, LogEntry, SessionDetails } from '../../protocol/transcript.js';
import type { Delivery } from '../transcript/Receipts.js';
import { MessageRow, StatusRow } from './LogRows.js';
import { PureRow } from './PureRow.js';
import { SessionDetailsView } from './SessionDetailsView.js';
import type { ChatStrings } from './strings.js';

interface ChatLogProps {
  readonly entries: readonly LogEntry[];
  readonly details: SessionDetails | null;
  readonly selfRole: Role;
  readonly strings: ChatStrings;
  /** Renders a file attachment entry (client/files/TransferEntry.tsx); without it they are not shown. */
  readonly renderFile?: (entry: FileEntry) => ComponentChildren;
  /** Where each of this side's own messages stands (pending, delivered, seen). */
  readonly deliveryOf?: (messageId: string) => Delivery;
}

function whoDid(by: Role | undefined, selfRole: Role, strings: ChatStrings): string {
  if (by === undefined) return '';
  return by === selfRole ? strings.you : by === 'rep' ? strings.theRep : strings.theCustomer;
}

/**
 * The newest entries rendered at first (up to LOG_WINDOW_STEP more, see below); "Show earlier
 * messages" adds as many again. A long log (thousands of entries) then opens and updates as
 * fast as a short one.
 */
export const LOG_WINDOW_ENTRIES = 200;
/**
 * The window's first entry moves in steps of this many: a new entry then does not also remove
 * the oldest one shown (a layout shift of the whole log for every message); the log sheds
 * LOG_WINDOW_STEP entries at once, every LOG_WINDOW_STEP messages.
 */
export const LOG_WINDOW_STEP = 50;

/** How many of the oldest entries stay hidden behind "Show earlier messages". */
export function hiddenEntryCount(total: number, windowSize: number): number {
  return total > windowSize ? Math.floor((total - windowSize) / LOG_WINDOW_STEP) * LOG_WINDOW_STEP : 0;
}

/** The details at the head of the log, rendered again only when they changed. */
class DetailsHead extends PureRow<{ details: SessionDetails | null; strings: ChatStrings }> {
  override render({ details, strings }: { details: SessionDetails | null; strings: ChatStrings }): ComponentChildren {
    return <SessionDetailsView details={details} strings={strings} />;
  }
}

export function ChatLog({ entries, details, selfRole, strings, renderFile, deliveryOf }: ChatLogProps) {
  const ref = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const [windowSize, setWindowSize] = useState(LOG_WINDOW_ENTRIES);
  /** Scroll height before earlier entries were added above, to keep the view where it was. */
  const heightBeforeEarlier = useRef<number | null>(null);
  const hidden = hiddenEntryCount(entries.length, windowSize);
  const visible = hidden > 0 ? entries.slice(hidden) : entries;
  // Scrolled in the next animation frame: the layout that scrollHeight needs is then the one
  // the frame does anyway, and the new entry and the scroll are painted in one frame.
  useLayoutEffect(() => {
    if (!stick.current) return;
    const frame = requestAnimationFrame(() => {
      const el = ref.current;
      if (el && stick.current) el.scrollTop = el.scrollHeight;
    });
    return () => cancelAnimationFrame(frame);
  }, [entries]);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || heightBeforeEarlier.current === null) return;
    el.scrollTop += el.scrollHeight - heightBeforeEarlier.current;
    heightBeforeEarlier.current = null;
  }, [windowSize]);
  return (
    <div
      class="chat-log"
      ref={ref}
      role="log"
      aria-live="polite"
      aria-label={strings.chatLogLabel}
      tabIndex={0}
      data-testid="chat-log"
      onScroll={(e) => {
        const el = e.currentTarget;
        stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
      }}
    >
      <DetailsHead details={details} strings={strings} />
      {hidden > 0 && (
        <button
          type="button"
          class="secondary show-earlier"
          data-testid="show-earlier"
          data-hidden={hidden}
          onClick={() => {
            heightBeforeEarlier.current = ref.current?.scrollHeight ?? null;
            setWindowSize((size) => size + LOG_WINDOW_ENTRIES);
          }}
        >
          {strings.showEarlier(hidden)}
        </button>
      )}
      {visible.map((entry) =>
        entry.kind === 'message' ? (
          <MessageRow
            key={entry.id}
            entry={entry}
            selfRole={selfRole}
            strings={strings}
            delivery={entry.role === selfRole ? deliveryOf?.(entry.id) : undefined}
          />
        ) : entry.kind === 'file' ? (
          <Fragment key={entry.id}>{renderFile?.(entry)}</Fragment>
        ) : (
          <StatusRow key={entry.id} entry={entry} who={whoDid(entry.by, selfRole, strings)} strings={strings} />
        ),
      )}
    </div>
  );
}
