/**
 * Push URL, the rep's side: checks the address, sends it to the customer's page (which shows
 * it and asks), and notes it in the log. Only http and https addresses go.
 */
import { isPushableUrl } from '../../protocol/pushUrl.js';
import { err, ok, type Result } from '../../protocol/result.js';
import { randomId } from '../core/randomId.js';
import type { SupportSession } from '../session/SupportSession.js';

export type PushUrlError = 'NOT_PUSHABLE' | 'NOT_CONNECTED';

export function pushUrl(session: SupportSession, address: string): Result<string, PushUrlError> {
  const url = address.trim();
  if (!isPushableUrl(url)) return err('NOT_PUSHABLE');
  const pushId = randomId(12);
  if (!session.sendPeerMessage({ type: 'push-url', pushId, url })) return err('NOT_CONNECTED');
  session.transcript.appendStatus('push-url-sent', { by: 'rep', detail: url, id: `push-url-sent-${pushId}` });
  return ok(pushId);
}
