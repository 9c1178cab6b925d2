/** Every string the rep console shows (English). */
import type { RepScreenStrings } from '../screen/screenStrings.js';
import { englishChat } from '../ui/englishChat.js';
import type { CannedImportError } from './cannedFile.js';

const shortDate = new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric' });

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
  // ---- Issue 5: the customer's screen (pane, thumbnail, viewer)
  screen: {
    title: 'Customer’s screen',
    notShared: 'The customer is not sharing their screen.',
    notConnected: 'You can ask to see the screen once the customer is connected.',
    request: 'Request screen view',
    requested: 'Waiting for the customer to allow screen sharing…',
    choosing: 'The customer is choosing what to share…',
    waitingForPicture: 'Waiting for the first picture…',
    updated: (ageMs: number) => {
      const seconds = Math.floor(ageMs / 1000);
      return seconds < 1 ? 'Updated just now' : seconds < 60 ? `Updated ${seconds} s ago` : `Updated ${Math.floor(seconds / 60)} min ago`;
    },
    thumbnailLabel: 'Customer’s screen, live. Double-click or press Enter to enlarge.',
    enlargeHint: 'Double-click to enlarge',
    sourceSize: (width: number, height: number) => `Screen ${width} × ${height}`,
    stopViewing: 'Stop viewing',
    viewerTitle: (name: string) => (name ? `${name}’s screen` : 'Customer’s screen'),
    close: 'Close',
  } satisfies RepScreenStrings,
  // ---- Issue 3: the console (tabs, recent chats, alerts, answers at hand, panes, export)
  mainMenu: 'Main menu',
  chatsMenu: 'Chats',
  unreadWord: 'unread',
  searchLabel: 'Search customers',
  searchPlaceholder: 'Search customers…',
  close: 'Close',
  save: 'Save',
  cancel: 'Cancel',
  edit: 'Edit',
  delete: 'Delete',
  ageNone: 'Nobody waiting for a reply',
  ageMinutes: (minutes: number) => (minutes < 1 ? 'You replied less than a minute ago' : `Last reply ${minutes} min ago`),
  justJoined: 'Customer joined',
  closeTab: 'Close tab',
  messageNotification: (name: string) => `New message from ${name || 'a customer'}`,
  customerJoinedNotification: (name: string) => `${name || 'A customer'} joined a session`,
  recentTitle: 'Recent chats',
  /** Today: the time; earlier: the date (the full date and time is in the title). */
  recentDate: (at: number, now: number = Date.now()) =>
    new Date(at).toDateString() === new Date(now).toDateString() ? englishChat.formatTime(at) : shortDate.format(at),
  recentMenu: (name: string) => `More for ${name}`,
  removeFromList: 'Remove from list',
  noRecentChats: 'No chats yet.',
  noSearchMatch: 'No customer by that name.',
  noMessagesYet: 'No messages yet',
  endedNoMessages: 'Ended, no messages',
  endedWord: '(ended)',
  pastChatTitle: (name: string) => `Past chat: ${name}`,
  closePastChat: 'Close',
  loadingTranscript: 'Loading the transcript…',
  sidePaneLabel: 'Session information',
  hideSidePane: 'Hide the side pane',
  showSidePane: 'Show the side pane',
  attendeesTitle: 'Attendees',
  attendeeRep: '(you, representative)',
  attendeeNoCustomer: 'No customer yet',
  attendeeStates: { connected: 'connected', away: 'away', left: 'left' },
  notesTitle: 'Notes',
  notesHelp: 'Private: kept on this computer, never sent to the customer.',
  notesSaving: 'Saving…',
  pushUrl: 'Push URL',
  pushUrlLabel: 'Web address to open on the customer’s computer',
  pushUrlHelp: 'The customer sees the exact address and chooses whether to open it. Only http and https addresses.',
  pushUrlSend: 'Send to customer',
  pushUrlErrors: {
    NOT_PUSHABLE: 'Only http:// and https:// addresses can be pushed.',
    NOT_CONNECTED: 'The customer is not connected. Try again when they are.',
  },
  pushThisUrl: (url: string) => `Push ${url}`,
  cannedPicker: 'Scripted',
  cannedTitle: 'Scripted messages',
  cannedSearchLabel: 'Search scripted messages',
  cannedSearchPlaceholder: 'Search by shortcut, title or text',
  cannedNone: 'No scripted messages yet. Create one in “Scripted messages”.',
  cannedNoMatch: 'Nothing matches.',
  cannedUncategorised: 'Other',
  cannedManage: 'Manage scripted messages…',
  cannedNew: 'New scripted message',
  cannedNewTitle: 'New scripted message',
  cannedEditTitle: 'Edit scripted message',
  cannedExport: 'Export to file',
  cannedImport: 'Import from file',
  cannedShortcut: 'Shortcut',
  cannedShortcutHelp: 'Type / and the shortcut in the message box to insert it. Letters, digits, - and _.',
  cannedShortcutTaken: (shortcut: string) => `The shortcut /${shortcut} is already used.`,
  cannedTitleLabel: 'Title',
  cannedCategory: 'Category',
  cannedKind: 'Kind',
  cannedKinds: { message: 'Message', url: 'URL' },
  cannedText: 'Message text',
  cannedUrl: 'Web address (http or https)',
  cannedEditOne: (shortcut: string) => `Edit /${shortcut}`,
  cannedDeleteOne: (shortcut: string) => `Delete /${shortcut}`,
  cannedImported: (added: number, replaced: number) => `Imported: ${added} added, ${replaced} updated.`,
  cannedImportErrors: (error: CannedImportError) => {
    switch (error.code) {
      case 'TOO_LARGE':
        return 'Nothing was imported: the file is too large.';
      case 'NOT_JSON':
        return 'Nothing was imported: the file is not JSON.';
      case 'BAD_FILE':
        return `Nothing was imported: ${error.detail}.`;
      case 'BAD_ITEM':
        return `Nothing was imported: item ${error.index + 1}: ${error.detail}.`;
      case 'DUPLICATE_SHORTCUT':
        return `Nothing was imported: the shortcut /${error.shortcut} appears twice.`;
    }
  },
  preferencesTitle: 'Chat preferences',
  prefTabColours: 'Session tab colours',
  prefTabColoursHelp: 'A tab’s icon turns yellow, then red, when you have not written to that customer for a while.',
  prefYellow: 'Yellow after (minutes)',
  prefRed: 'Red after (minutes)',
  prefProblems: {
    range: 'Use whole minutes from 1 to 240.',
    order: 'Red must come after yellow.',
  },
  prefAlerts: 'New message alerts',
  prefSound: 'Play a sound',
  prefNotifications: 'Show a desktop notification with a preview',
  prefPermission: {
    granted: 'This browser allows notifications from the console.',
    default: 'The browser will ask whether to allow notifications when you save.',
    denied: 'Notifications are blocked in this browser’s site settings.',
    unsupported: 'This browser does not show notifications.',
  },
  prefText: 'Text',
  prefFontSize: 'Font size of the chat',
  fontSizeName: (px: number) => `${px} px${px === 15 ? ' (default)' : ''}`,
  prefSpellCheck: 'Spell check in the message box follows your browser’s language settings.',
  exportTranscript: 'Export',
  exportFormats: { html: 'HTML page', text: 'Plain text', json: 'JSON' },
  transcriptTitle: (label: string) => `Support session transcript: ${label}`,
  exportedAt: 'Exported',
  fileEntry: (author: string, name: string) => `${author || 'Someone'} sent a file: ${name}`,
  otherEntry: (kind: string) => `(${kind} entry)`,
  findTitle: 'Find in this chat',
  findLabel: 'Words to find in this chat',
  findPlaceholder: 'Words in a message…',
  findCount: (total: number, shown: number) =>
    total === 0 ? 'No message has these words.' : total === shown ? `${total} message${total === 1 ? '' : 's'}, newest first` : `${total} messages, the newest ${shown} below`,
  historyTitle: 'Earlier chats with this customer',
  historyNone: (name: string) => `No earlier chats with ${name} in this browser.`,
} as const;

export type RepMessages = typeof repMessages;
