/** Every string the customer's join page shows (English). */
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
  peerError: 'The other side sent something this page could not understand. It was ignored.',
} as const;

export type JoinMessages = typeof joinMessages;
