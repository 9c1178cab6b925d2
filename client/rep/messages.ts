/** Every string the rep console shows (English). */
import { englishChat } from '../ui/englishChat.js';

export const repMessages = {
  ...englishChat,
  title: 'Support console',
  signInTitle: 'Sign in',
  signInHelp: 'Paste the representative token your administrator gave you (the server prints one when it starts).',
  tokenLabel: 'Representative token',
  signIn: 'Sign in',
  signOut: 'Sign out',
  newSession: 'New session',
  endSession: 'End session',
  sessionsLabel: 'Sessions',
  noSessions: 'No sessions yet. Press “New session” and give the code or the link to your customer.',
  waitingTitle: 'Waiting for the customer',
  codeLabel: 'Session code',
  linkLabel: 'Join link',
  codeHelp: (minutes: number) => `Read the code to the customer, or send the link. Both work once, for ${minutes} more minutes.`,
  codeExpired: 'The code has expired or was used. Start a new session for another customer.',
  copy: 'Copy',
  copied: 'Copied',
  consoleState: 'Console',
  signedInAs: (name: string) => `Signed in as ${name}`,
  waitingTab: 'Waiting…',
  endedTab: (name: string) => `${name} (ended)`,
  sessionEnded: 'This session has ended. The transcript stays on this computer.',
} as const;

export type RepMessages = typeof repMessages;
