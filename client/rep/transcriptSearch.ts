/** Finding messages in a conversation by keywords (every word, any case, accents ignored). Pure. */
import type { ChatMessage, LogEntry } from '../../protocol/transcript.js';

/** At most this many matches are listed; the count says how many there are in all. */
export const MAX_FIND_RESULTS = 50;

const fold = (text: string) => text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLocaleLowerCase();

export interface FindResult {
  readonly matches: readonly ChatMessage[];
  /** All matches, including those past MAX_FIND_RESULTS. */
  readonly total: number;
}

/** Messages containing every word of the query, newest first. */
export function findMessages(entries: readonly LogEntry[], query: string): FindResult {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return { matches: [], total: 0 };
  const matches: ChatMessage[] = [];
  let total = 0;
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i]!;
    if (entry.kind !== 'message') continue;
    const text = fold(`${entry.author} ${entry.text}`);
    if (!words.every((word) => text.includes(word))) continue;
    total++;
    if (matches.length < MAX_FIND_RESULTS) matches.push(entry);
  }
  return { matches, total };
}
