/** The browser tab's title: it starts with `*` (and the count) while anything is unread. */
export function consoleTitle(base: string, unread: number): string {
  return unread > 0 ? `* (${unread}) ${base}` : base;
}
