/** Limits and timings of the Redis backing (several signaling nodes). */
import { MAX_SIGNAL_FRAME_BYTES } from '../../protocol/limits.js';

/**
 * How long a seat (which node and socket holds the rep or the customer) lives in Redis unless
 * its node refreshes it. A node that dies stops refreshing: its seats vanish within this time.
 */
export const MEMBER_TTL_MS = 30_000;
/**
 * How long a rep's list of session ids (for MAX_SESSIONS_PER_REP) outlives the rep's last new
 * session. Ids of sessions that expired are dropped from it at each count.
 */
export const REP_SESSIONS_TTL_MS = 7 * 24 * 3600 * 1000;
/** Largest relay message between nodes: one signaling frame and its envelope. */
export const MAX_RELAY_FRAME_BYTES = MAX_SIGNAL_FRAME_BYTES + 1024;
/** Longest connection id in a relay envelope. */
export const MAX_CONNECTION_ID_CHARS = 64;
/** How long a node waits for Redis at start before serving anyway (it keeps trying). */
export const REDIS_START_WAIT_MS = 5_000;
/** Back-off between reconnection attempts to Redis: attempt × step, capped. */
export const REDIS_RECONNECT_STEP_MS = 100;
export const REDIS_RECONNECT_MAX_MS = 2_000;
/** Default prefix of every key and channel, so one Redis can serve other things too. */
export const DEFAULT_REDIS_KEY_PREFIX = 'p2ps:';
