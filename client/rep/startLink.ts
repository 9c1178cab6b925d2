/**
 * "Start a session from a link": a help-desk ticket links to `/rep?start=1&ref=TICKET-42&customer=Ana`.
 * The request is taken out of the address at once (so a reload cannot start a second session)
 * and kept in this tab's sessionStorage until the rep is signed in and the console is online.
 */
import { MAX_NAME_CHARS, MAX_REFERENCE_CHARS } from '../../protocol/limits.js';

export interface StartRequest {
  readonly reference?: string;
  readonly customer?: string;
}

const STORAGE_KEY = 'p2p-support.startRequest';

const clean = (value: string | null, max: number) => {
  // eslint-disable-next-line no-control-regex
  const text = (value ?? '').replace(/[\u0000-\u001f\u007f]/g, ' ').trim().slice(0, max);
  return text === '' ? undefined : text;
};

/** The request in a query string, or null when it does not ask to start a session. */
export function parseStartRequest(search: string): StartRequest | null {
  const params = new URLSearchParams(search);
  if (params.get('start') !== '1') return null;
  const reference = clean(params.get('ref'), MAX_REFERENCE_CHARS);
  const customer = clean(params.get('customer'), MAX_NAME_CHARS);
  return { ...(reference ? { reference } : {}), ...(customer ? { customer } : {}) };
}

const START_PARAMS = ['start', 'ref', 'customer'];

/** Moves a start request from the address bar into sessionStorage. */
export function captureStartRequest(): void {
  const request = parseStartRequest(window.location.search);
  if (!request) return;
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(request));
  const params = new URLSearchParams(window.location.search);
  for (const name of START_PARAMS) params.delete(name);
  const rest = params.toString();
  history.replaceState(null, '', window.location.pathname + (rest ? `?${rest}` : '') + window.location.hash);
}

/** The waiting request, removed as it is taken so it starts one session only. */
export function takeStartRequest(): StartRequest | null {
  const raw = sessionStorage.getItem(STORAGE_KEY);
  sessionStorage.removeItem(STORAGE_KEY);
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as unknown;
    if (typeof value !== 'object' || value === null) return null;
    const { reference, customer } = value as Record<string, unknown>;
    return {
      ...(typeof reference === 'string' ? { reference: reference.slice(0, MAX_REFERENCE_CHARS) } : {}),
      ...(typeof customer === 'string' ? { customer: customer.slice(0, MAX_NAME_CHARS) } : {}),
    };
  } catch {
    return null;
  }
}
