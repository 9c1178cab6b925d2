/**
 * Where the rep's sign-in token lives: read once from `/rep#token=…`, then kept in this tab's
 * sessionStorage (so a reload stays signed in) and removed from the address bar.
 */
const STORAGE_KEY = 'p2p-support.repToken';

export function takeTokenFromUrl(): string | null {
  const params = new URLSearchParams(window.location.hash.slice(1));
  const token = params.get('token');
  if (token) {
    sessionStorage.setItem(STORAGE_KEY, token);
    params.delete('token');
    const rest = params.toString();
    history.replaceState(null, '', window.location.pathname + window.location.search + (rest ? `#${rest}` : ''));
  }
  return sessionStorage.getItem(STORAGE_KEY);
}

export function saveToken(token: string): void {
  sessionStorage.setItem(STORAGE_KEY, token);
}

export function forgetToken(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}
