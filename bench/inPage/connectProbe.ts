/**
 * Runs inside the customer page (handed to page.evaluate: no imports, no closures). Times
 * from the Join press to the connection badge showing `connected`, on the page's own clock,
 * so Playwright's round trips to the browser are not part of the figure.
 */

export interface ConnectProbe {
  clickAt: number | null;
  connectedAt: number | null;
}

type ProbeWindow = Window & { __benchConnect?: ConnectProbe };

export function installConnectProbe(): void {
  const probe: ConnectProbe = { clickAt: null, connectedAt: null };
  (window as ProbeWindow).__benchConnect = probe;
  const submit = document.querySelector('[data-testid="join-submit"]');
  if (!submit) throw new Error('join-submit not found');
  // Capture phase on the window: this runs before the app's own handlers see the click.
  window.addEventListener(
    'click',
    (event) => {
      if (probe.clickAt === null && event.target instanceof Node && submit.contains(event.target)) probe.clickAt = performance.now();
    },
    { capture: true },
  );
  const observer = new MutationObserver(() => {
    const state = document.querySelector('[data-testid="connection-status"]')?.getAttribute('data-state');
    if (state === 'connected' && probe.clickAt !== null && probe.connectedAt === null) {
      probe.connectedAt = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
}

export function readConnectProbe(): ConnectProbe | null {
  return (window as ProbeWindow).__benchConnect ?? null;
}
