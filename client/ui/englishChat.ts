/** The English strings of the shared chat components, spread into each page's catalogue. */
import { englishFiles } from '../files/englishFiles.js';
import { ENGLISH_ERRORS, type ChatStrings } from './strings.js';

const time = new Intl.DateTimeFormat('en', { hour: '2-digit', minute: '2-digit' });
const dateTime = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });

export const englishChat: ChatStrings = {
  chatLogLabel: 'Conversation',
  messageInputLabel: 'Message',
  messageInputPlaceholder: 'Type a message. Enter sends, Shift+Enter starts a new line.',
  send: 'Send',
  suggestionsLabel: 'Scripted messages',
  emojiPicker: 'Insert an emoji',
  showEarlier: (count) => `Show earlier messages (${count} more)`,
  typing: (name) => `${name || 'The other side'} is typing…`,
  connection: {
    connecting: 'Connecting',
    connected: 'Connected',
    reconnecting: 'Reconnecting',
    offline: 'Offline',
  },
  connectionLabel: 'Connection',
  status: {
    'customer-joined': (note) => `${note.name || 'The customer'} joined the session`,
    'customer-left': (note) => `${note.name || 'The customer'} left the session`,
    'connection-lost': () => 'Connection lost',
    'connection-restored': () => 'Connection restored',
    'session-ended': () => 'The session ended',
    'push-url-sent': (note) => `Web page sent to open: ${note.detail ?? ''}`,
    'push-url-opened': (note) => `The customer opened ${note.detail ?? 'the web page'}`,
    'push-url-declined': (note) => `The customer declined to open ${note.detail ?? 'the web page'}`,
    'file-offered': (note, who) => `${who} offered ${note.detail ?? 'a file'}`,
    'file-completed': (note) => `File received: ${note.detail ?? ''}`,
    'file-cancelled': (note, who) => `${who} cancelled ${note.detail ?? 'a file transfer'}`,
    'file-failed': (note) => `File transfer failed: ${note.detail ?? ''}`,
    'screen-requested': (_note, who) => `${who} asked to see the screen`,
    'screen-declined': (_note, who) => `${who} declined screen sharing`,
    'screen-started': (_note, who) => `${who} started sharing the screen`,
    'screen-stopped': (_note, who) => `${who} stopped screen sharing`,
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
  delivery: { pending: 'Pending', delivered: 'Delivered', seen: 'Seen' },
  you: 'You',
  theRep: 'The representative',
  theCustomer: 'The customer',
  errors: ENGLISH_ERRORS,
  peerError: {
    notice: 'The other side sent data this app could not accept; some of it was ignored.',
    detail: (count, code) => `${count === 1 ? 'Once' : `${count} times`}, latest code ${code}.`,
    dismiss: 'Dismiss',
  },
  files: englishFiles,
  formatTime: (at) => time.format(at),
  formatDateTime: (at) => dateTime.format(at),
};
