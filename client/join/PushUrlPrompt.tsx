/** The customer's prompt for a pushed web address: shows it exactly; open in a new tab, or decline. */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { SupportSession } from '../session/SupportSession.js';
import type { JoinMessages } from './messages.js';
import { PushUrlOffers, type PushOffer } from './PushUrlOffers.js';

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export function PushUrlPrompt({ session, strings }: { session: SupportSession; strings: JoinMessages }) {
  const offers = useMemo(() => new PushUrlOffers(session), [session]);
  const [pending, setPending] = useState<readonly PushOffer[]>(offers.offers);
  useEffect(() => {
    setPending(offers.offers);
    const off = offers.on('change', setPending);
    return () => {
      off();
      offers.dispose();
    };
  }, [offers]);
  return (
    <>
      {pending.map((offer) => (
        <section key={offer.pushId} class="push-prompt" aria-labelledby={`push-${offer.pushId}`} data-testid="push-url-prompt" data-url={offer.url}>
          <p id={`push-${offer.pushId}`} role="alert">{strings.pushUrlQuestion(hostOf(offer.url))}</p>
          <code class="pushed-url">{offer.url}</code>
          <div class="actions">
            <a
              class="button"
              href={offer.url}
              target="_blank"
              rel="noopener noreferrer"
              data-testid="push-url-accept"
              onClick={() => offers.answer(offer.pushId, true)}
            >
              {strings.pushUrlOpen}
            </a>
            <button type="button" class="secondary" data-testid="push-url-decline" onClick={() => offers.answer(offer.pushId, false)}>
              {strings.pushUrlDecline}
            </button>
          </div>
        </section>
      ))}
    </>
  );
}
