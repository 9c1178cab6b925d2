/** The English strings of the shared chat components, spread into each page's catalogue. */
import { ENGLISH_ERRORS, type ChatStrings } from './strings.js';

const time = new Intl.DateTimeFormat('en', { hour: '2-digit', minute: '2-digit' });
const dateTime = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });

export const englishChat: ChatStrings = {
  chatLogLabel: 'Conversation',
  messageInputLabel: 'Message',
  messageInputPlaceholder: 'Type a message. Enter sends, Shift+Enter starts a new line.',
  send: 'Send',
  typing: (name) => `${name || 'The other side'} is typing…`,
  connection: {
    connecting: 'Connecting',
    connected: 'Connected',
    reconnecting: 'Reconnecting',
    offline: 'Offline',
  },
  connectionLabel: 'Connection',
  status: {
    'customer-joined': (name) => `${name || 'The customer'} joined the session`,
    'customer-left': (name) => `${name || 'The customer'} left the session`,
    'connection-lost': () => 'Connection lost',
    'connection-restored': () => 'Connection restored',
    'session-ended': () => 'The session ended',
  },
  details: {
    title: 'Session details',
    sessionId: 'Session ID',
    startedAt: 'Started',
    joinedBy: 'Joined by',
    joinedByCode: 'Session code',
    joinedByLink: 'Join link',
    customerName: 'Customer',
    query: 'Problem',
    os: 'Operating system',
    browser: 'Browser',
    repName: 'Representative',
    reference: 'Reference',
  },
  you: 'You',
  errors: ENGLISH_ERRORS,
  formatTime: (at) => time.format(at),
  formatDateTime: (at) => dateTime.format(at),
};
