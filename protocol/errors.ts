/**
 * Error and close reasons: one const object, the union derived from it. Tests assert on the
 * code; the UI maps the code to words from its catalogue (these messages are the fallback).
 */
export const ERROR_CODES = {
  INVALID_MESSAGE: 'The message was malformed or did not match the protocol.',
  MESSAGE_TOO_LARGE: 'The message was larger than the protocol allows.',
  UNKNOWN_TYPE: 'The message type is not part of the protocol.',
  OUT_OF_ORDER: 'That message is not allowed at this point of the conversation.',
  UNSUPPORTED_VERSION: 'This page is too old or too new for the server. Reload the page.',
  UNAUTHORIZED: 'The representative token is missing or wrong. Sign in again.',
  CODE_INVALID: 'No session has that code. Check the code and try again.',
  CODE_EXPIRED: 'That code has expired. Ask your representative for a new one.',
  CODE_USED: 'That code has already been used. Ask your representative for a new one.',
  LINK_INVALID: 'That join link is not valid or has already been used.',
  RATE_LIMITED: 'Too many failed attempts. Wait a few minutes and try again.',
  TOO_MANY_MESSAGES: 'This page sent messages faster than the server accepts. Reload the page.',
  TOO_MANY_CONNECTIONS: 'Too many connections from your network. Close other support pages and try again.',
  SESSION_LIMIT: 'You have reached the number of open sessions allowed. End a session to start another.',
  SESSION_FULL: 'Someone has already joined this session.',
  SESSION_NOT_FOUND: 'That session has ended or does not exist.',
  SESSION_ENDED: 'The session has ended.',
  NOT_IN_SESSION: 'This connection is not part of that session.',
  PEER_PROTOCOL: 'The other side sent something this page cannot understand.',
  FILE_TYPE_NOT_ALLOWED: 'Files of this type cannot be sent in a support session. Allowed types are set by your administrator.',
  FILE_TOO_LARGE: 'The file is larger than the size your administrator allows for attachments.',
  FILE_HASH_MISMATCH: 'The file arrived damaged (its SHA-256 checksum does not match). Send it again.',
  FILE_CONTENT_MISMATCH: 'The file’s content does not match its name’s extension. Open it only if you trust the sender.',
  FILE_STORAGE_FAILED: 'The file could not be saved in this browser (storage full or unavailable). Free some space and send it again.',
  FILE_SOURCE_GONE: 'The sender’s page was reloaded or closed, so the transfer cannot resume. Send the file again.',
  FILE_SESSION_ENDED: 'The session ended before the file was complete. Send it again in a new session if it is still needed.',
  FILE_PROTOCOL: 'The other side sent file data that does not fit the transfer. The transfer was stopped.',
  FILE_WORKER_FAILED: 'The page’s background file worker stopped (it could not load or crashed). Reload the page and send the file again.',
  INTERNAL: 'Something went wrong on the server. Try again.',
  STORE_UNAVAILABLE: 'The server cannot reach its shared session store right now. It keeps trying; this page reconnects by itself.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface ProtocolError {
  readonly code: ErrorCode;
  /** Detail for logs and developers; never shown instead of the catalogue text. */
  readonly detail?: string;
}

export const protocolError = (code: ErrorCode, detail?: string): ProtocolError =>
  detail === undefined ? { code } : { code, detail };

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
}

/** WebSocket close codes the server uses (4000-4999 is the application range). */
export const CLOSE_CODES = {
  PROTOCOL_ERROR: 4400,
  UNAUTHORIZED: 4401,
  TIMEOUT: 4408,
  TOO_LARGE: 4413,
  TOO_MANY: 4429,
  UNSUPPORTED_VERSION: 4426,
  SHUTTING_DOWN: 4503,
} as const;
