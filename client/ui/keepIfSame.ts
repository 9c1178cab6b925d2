/**
 * Keeps the object a component already has when a fresh read has the same fields, so Preact
 * can skip the re-render (it compares state with ===). For flat records such as SessionDetails.
 */
export function keepIfSame<T extends object>(current: T | null, next: T | null): T | null {
  if (current === null || next === null) return next;
  const kept = current as Record<string, unknown>;
  const fresh = next as Record<string, unknown>;
  const keys = Object.keys(fresh);
  if (keys.length !== Object.keys(kept).length) return next;
  return keys.every((key) => kept[key] === fresh[key]) ? current : next;
}
