/**
 * The two alerts both pages give for a message that arrives while the page is not in front:
 * a short chime made with WebAudio (no audio file) and a desktop notification with a preview.
 * Each page uses one notification tag, so a newer notification replaces the older one.
 */
/** Longest message preview in a notification. */
export const MAX_PREVIEW_CHARS = 140;
const CHIME_FREQUENCY_HZ = 880;
const CHIME_DURATION_S = 0.35;

let audio: AudioContext | null = null;
let focused: boolean | null = null;
const frontListeners = new Set<(inFront: boolean) => void>();

function trackFocus(): void {
  if (focused !== null) return;
  focused = document.hasFocus();
  const changed = () => frontListeners.forEach((listener) => listener(pageInFront()));
  window.addEventListener('focus', () => ((focused = true), changed()));
  window.addEventListener('blur', () => ((focused = false), changed()));
  document.addEventListener('visibilitychange', changed);
}

/** True when this page is visible and its window has the focus (tracked from focus and blur). */
export function pageInFront(): boolean {
  trackFocus();
  return document.visibilityState === 'visible' && focused === true;
}

/** Calls `listener` whenever the page comes to the front or leaves it; returns the unsubscribe. */
export function onPageFrontChange(listener: (inFront: boolean) => void): () => void {
  trackFocus();
  frontListeners.add(listener);
  return () => frontListeners.delete(listener);
}

export function playChime(): void {
  try {
    audio ??= new AudioContext();
    if (audio.state === 'suspended') void audio.resume();
    const start = audio.currentTime;
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.frequency.value = CHIME_FREQUENCY_HZ;
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(0.2, start + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + CHIME_DURATION_S);
    tone.connect(gain).connect(audio.destination);
    tone.start(start);
    tone.stop(start + CHIME_DURATION_S + 0.05);
  } catch {
    // No audio device or WebAudio: the other cues (title, badges) still show the message.
  }
}

export function previewOf(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > MAX_PREVIEW_CHARS ? `${line.slice(0, MAX_PREVIEW_CHARS - 1)}…` : line;
}

/** Shows (or replaces, by tag) a desktop notification when the browser allows it. */
export function showNotification(title: string, body: string, tag: string, onClick?: () => void): boolean {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return false;
  try {
    const notification = new Notification(title, { body: previewOf(body), tag, renotify: true } as NotificationOptions);
    notification.onclick = () => {
      window.focus();
      onClick?.();
      notification.close();
    };
    return true;
  } catch {
    return false;
  }
}

/** Asks once, from a user gesture; a refusal is remembered by the browser. */
export function requestNotificationPermission(): void {
  if (typeof Notification !== 'undefined' && Notification.permission === 'default') void Notification.requestPermission().catch(() => undefined);
}
