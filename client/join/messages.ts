/** Every string the customer's join page shows (English). */
import type { CustomerScreenStrings } from '../screen/screenStrings.js';
import { englishChat } from '../ui/englishChat.js';

export const joinMessages = {
  ...englishChat,
  title: 'Join a support session',
  intro: 'Your support representative gave you a session code or a link. Nothing to install.',
  linkIntro: 'You opened a join link from your support representative. Tell them who you are and what the problem is.',
  codeLabel: 'Session code',
  codeHelp: 'Nine digits, for example 482 193 774',
  nameLabel: 'Your name',
  queryLabel: 'What do you need help with?',
  join: 'Join',
  joining: 'Joining…',
  rejoining: 'Reconnecting to your session…',
  chatTitle: (repName: string) => (repName ? `Chat with ${repName}` : 'Chat with support'),
  leave: 'Leave',
  sessionEnded: 'This session has ended. You can close this page.',
  // ---- Issue 3: alerts and push URL on the customer's side
  repMessageNotification: (name: string) => `New message from ${name || 'support'}`,
  pushUrlQuestion: (host: string) => `Your representative asks you to open a web page on ${host}:`,
  pushUrlOpen: 'Open in a new tab',
  pushUrlDecline: 'No, thanks',
  // ---- Issue 5: screen sharing
  screen: {
    promptTitle: 'Screen sharing',
    prompt: (repName: string) =>
      `${repName || 'Your representative'} asks to see your screen. They will see a live picture of the screen or window you choose, until you press Stop.`,
    accept: 'Choose what to share',
    decline: 'Decline',
    choosing: 'Choose a screen or window in your browser’s dialog…',
    sharing: (repName: string) => `Your screen is being shared with ${repName || 'your representative'}.`,
    stop: 'Stop sharing',
    shareOwn: 'Share my screen',
    unsupported: 'This browser cannot share its screen. Try a desktop browser such as Chrome, Edge or Firefox.',
  } satisfies CustomerScreenStrings,
} as const;

export type JoinMessages = typeof joinMessages;
