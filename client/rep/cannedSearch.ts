/**
 * Finding a scripted message: the picker's search, the `/shortcut` completion in the message
 * box and grouping by category. Pure and unit tested.
 */
import type { CannedResponse } from './cannedFile.js';

/** How many `/shortcut` matches the message box offers at once. */
export const MAX_SLASH_MATCHES = 8;

const fold = (text: string) => text.toLocaleLowerCase();

/** Items whose shortcut, title, category or text contain every word of the query; shortcut hits first. */
export function searchCanned(items: readonly CannedResponse[], query: string): CannedResponse[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  const sorted = [...items].sort((a, b) => a.shortcut.localeCompare(b.shortcut));
  if (words.length === 0) return sorted;
  const rank = (item: CannedResponse) => {
    const shortcut = fold(item.shortcut);
    if (shortcut === words[0]) return 0;
    if (shortcut.startsWith(words[0]!)) return 1;
    return 2;
  };
  return sorted
    .filter((item) => {
      const haystack = fold(`${item.shortcut} ${item.title} ${item.category} ${item.text}`);
      return words.every((word) => haystack.includes(word));
    })
    .sort((a, b) => rank(a) - rank(b));
}

export interface SlashQuery {
  /** The characters after `/`. */
  readonly prefix: string;
  /** Where the `/` is: the text from here to the end is replaced by the chosen response. */
  readonly from: number;
}

/** A `/word` at the end of the draft, at its start or after a space; null otherwise. */
export function slashQuery(draft: string): SlashQuery | null {
  const match = /(^|\s)\/([A-Za-z0-9_-]*)$/.exec(draft);
  if (!match) return null;
  return { prefix: match[2]!, from: match.index + match[1]!.length };
}

/** Responses whose shortcut starts with the typed prefix (case-insensitive), exact match first. */
export function slashMatches(items: readonly CannedResponse[], prefix: string): CannedResponse[] {
  const wanted = fold(prefix);
  return items
    .filter((item) => fold(item.shortcut).startsWith(wanted))
    .sort((a, b) => a.shortcut.length - b.shortcut.length || a.shortcut.localeCompare(b.shortcut))
    .slice(0, MAX_SLASH_MATCHES);
}

/** Categories in name order (uncategorised last), each with its items. */
export function groupByCategory(items: readonly CannedResponse[]): [string, CannedResponse[]][] {
  const groups = new Map<string, CannedResponse[]>();
  for (const item of items) {
    const list = groups.get(item.category) ?? [];
    list.push(item);
    groups.set(item.category, list);
  }
  return [...groups.entries()].sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)));
}
