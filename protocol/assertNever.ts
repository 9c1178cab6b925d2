/** Ends every `switch` on a union's `type`, so a new variant cannot be forgotten. */
export function assertNever(value: never): never {
  throw new Error(`Unhandled variant: ${JSON.stringify(value)}`);
}
