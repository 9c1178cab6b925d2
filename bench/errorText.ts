/** One line of an error, short enough for the table's notes and results/latest.json. */
export function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 300);
}
