/**
 * Server settings for fuzzing: the per-socket rate and per-address limits are raised so that
 * hostile frames reach the parser and the session logic instead of all stopping at the rate
 * limiter (which has its own tests); everything else is the default.
 */
import { TEST_REP_NAME, TEST_REP_TOKEN } from '../support/serverProcess.js';

/**
 * A second rep account for the fuzzing sockets: a rep may take over its own sessions from
 * another tab, so the fuzzer must not hold the well-behaved rep's token.
 */
export const FUZZ_REP_TOKEN = 'fuzz-rep-token-0123456789abcdef';

export const FUZZ_SERVER_ENV: Record<string, string> = {
  REP_TOKEN: `${TEST_REP_NAME}:${TEST_REP_TOKEN},Mallory:${FUZZ_REP_TOKEN}`,
  CLIENT_DIR: '',
  MAX_FRAMES_PER_SECOND: '10000',
  MAX_CONNECTIONS_PER_ADDRESS: '10000',
  JOIN_FAILURES_MAX: '10000',
  MAX_SESSIONS_PER_REP: '100000',
};
