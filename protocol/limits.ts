/**
 * Every size limit and timeout of the protocol, in one place, with units in the names.
 * The server exposes the tunable ones as options (see signaling/config.ts); these are defaults.
 */

/** Largest frame accepted on the signaling WebSocket. */
export const MAX_SIGNAL_FRAME_BYTES = 64 * 1024;
/** Digits in a session code. */
export const SESSION_CODE_DIGITS = 9;
/** Random bytes in a join-link token (256 bits; the floor is 128). */
export const JOIN_TOKEN_BYTES = 32;
/** Random bytes in a customer's resume key. */
export const RESUME_KEY_BYTES = 32;
/** Random bytes in a session id. */
export const SESSION_ID_BYTES = 16;

export const MAX_NAME_CHARS = 80;
export const MAX_QUERY_CHARS = 2_000;
export const MAX_PLATFORM_CHARS = 60;
export const MAX_REFERENCE_CHARS = 120;
export const MAX_TOKEN_CHARS = 256;
export const MAX_ID_CHARS = 64;
export const MAX_SDP_CHARS = 32 * 1024;
export const MAX_CANDIDATE_CHARS = 1_024;
export const MAX_ICE_SERVERS = 8;
export const MAX_ICE_URL_CHARS = 512;

/**
 * Lifetime of the short-lived TURN credentials each participant gets (TURN REST API scheme),
 * default and allowed range of TURN_CREDENTIAL_TTL_SECONDS. Clients renew before the end.
 */
export const TURN_CREDENTIAL_TTL_SECONDS = 3600;
export const MIN_TURN_CREDENTIAL_TTL_SECONDS = 60;
export const MAX_TURN_CREDENTIAL_TTL_SECONDS = 86_400;
/** Shortest TURN_SECRET (coturn's static-auth-secret) the server accepts. */
export const MIN_TURN_SECRET_CHARS = 16;

/** Longest chat message a person can send. */
export const MAX_CHAT_MESSAGE_CHARS = 10_000;
/** Largest single data-channel message we send (Chromium's SCTP limit is 256 KiB). */
export const MAX_CHANNEL_MESSAGE_BYTES = 64 * 1024;
/** Largest control-channel payload once fragments are joined (a whole-document sync). */
export const MAX_CONTROL_PAYLOAD_BYTES = 32 * 1024 * 1024;

/** An unused code stops working after this long (default; configurable on the server). */
export const CODE_TTL_MS = 10 * 60 * 1000;
/** A session nobody is connected to is forgotten after this long. */
export const SESSION_ORPHAN_TTL_MS = 60 * 60 * 1000;
/** Failed join attempts allowed per client address within the window below. */
export const MAX_FAILED_JOINS_PER_WINDOW = 10;
export const FAILED_JOIN_WINDOW_MS = 10 * 60 * 1000;
/** The server pings every socket this often and drops one that missed a pong. */
export const PING_INTERVAL_MS = 30_000;
/** A socket must send `hello` within this long. */
export const HELLO_TIMEOUT_MS = 10_000;

/**
 * Signaling frames a socket may send in a burst, and the steady rate after it. A console
 * resuming 50 sessions after a server restart sends about 4 frames per session at once.
 */
export const MAX_FRAMES_PER_SECOND = 50;
/** The burst is this many seconds' worth of the steady rate. */
export const FRAMES_BURST_SECONDS = 4;
/** A socket that keeps sending past its rate after this many refusals is closed. */
export const MAX_RATE_VIOLATIONS = 50;
/** Open sockets allowed from one client address (a busy office shares one address). */
export const MAX_CONNECTIONS_PER_ADDRESS = 100;
/** Open sessions one rep token may hold at once. */
export const MAX_SESSIONS_PER_REP = 50;
/** Server-to-client bytes queued on one socket before it counts as dead and is dropped. */
export const MAX_SOCKET_BUFFER_BYTES = 1024 * 1024;

/** The typing signal clears this long after the last keystroke. */
export const TYPING_IDLE_MS = 3_000;
