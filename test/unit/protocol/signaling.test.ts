import { DEFAULT_FILE_RULES } from '../../../protocol/fileRules.js';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { SessionId } from '../../../protocol/ids.js';
import { CLOSE_CODES, ERROR_CODES, isErrorCode, protocolError, type ErrorCode } from '../../../protocol/errors.js';
import {
  MAX_CANDIDATE_CHARS,
  MAX_ICE_SERVERS,
  MAX_ICE_URL_CHARS,
  MAX_ID_CHARS,
  MAX_NAME_CHARS,
  MAX_PLATFORM_CHARS,
  MAX_QUERY_CHARS,
  MAX_REFERENCE_CHARS,
  MAX_SDP_CHARS,
  MAX_SIGNAL_FRAME_BYTES,
  MAX_TOKEN_CHARS,
} from '../../../protocol/limits.js';
import { errorMessage, parseClientMessage, parseServerMessage } from '../../../protocol/signaling.js';
import { isSupportedVersion, MIN_PROTOCOL_VERSION, PROTOCOL_VERSION } from '../../../protocol/version.js';

// ---------------------------------------------------------------- fixtures

type Frame = Record<string, unknown>;
type Parse = typeof parseClientMessage | typeof parseServerMessage;

const SESSION_ID = 'k3Jd9_Qa-7xWm2Lp';
const INSTANCE_ID = 'Zx8fQ2-pL0_aa';
const PEER_INSTANCE_ID = 'Yw7eP1-oK9_bb';
const LINK_ID = 'L1nk_2-rtc';
const JOIN_TOKEN = 'q1w2e3r4t5y6u7i8o9p0-_AsDfGhJkLzXcVbNm1234';
const RESUME_KEY = 'R3sUm3_k3y-ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const CUSTOMER = { name: 'Ana Souza', query: 'My printer says offline', os: 'Windows 11', browser: 'Chrome 131' };
const SDP = 'v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n';
const CANDIDATE = {
  candidate: 'candidate:842163049 1 udp 1677729535 203.0.113.7 46154 typ srflx raddr 0.0.0.0 rport 0',
  sdpMid: '0',
  sdpMLineIndex: 0,
  usernameFragment: 'EsAw',
};

const VALID_CLIENT: Record<string, Frame> = {
  'hello from a rep with a token': { type: 'hello', version: PROTOCOL_VERSION, role: 'rep', token: 's3cret', instanceId: INSTANCE_ID },
  'hello from a customer without a token': { type: 'hello', version: PROTOCOL_VERSION, role: 'customer', instanceId: INSTANCE_ID },
  'create-session with a reference': { type: 'create-session', requestId: 1, reference: 'TICKET-42' },
  'create-session without a reference': { type: 'create-session', requestId: 0 },
  'join by code': { type: 'join', code: '482193774', customer: CUSTOMER },
  'join by joinToken': { type: 'join', joinToken: JOIN_TOKEN, customer: CUSTOMER },
  rejoin: { type: 'rejoin', sessionId: SESSION_ID, resumeKey: RESUME_KEY },
  'resume-session': { type: 'resume-session', sessionId: SESSION_ID },
  'signal with an offer': { type: 'signal', sessionId: SESSION_ID, linkId: LINK_ID, description: { type: 'offer', sdp: SDP } },
  'signal with an answer': { type: 'signal', sessionId: SESSION_ID, linkId: LINK_ID, description: { type: 'answer', sdp: SDP } },
  'signal with a rollback': { type: 'signal', sessionId: SESSION_ID, linkId: LINK_ID, description: { type: 'rollback', sdp: '' } },
  'signal with a candidate': { type: 'signal', sessionId: SESSION_ID, linkId: LINK_ID, candidate: CANDIDATE },
  'signal with an end-of-candidates candidate': {
    type: 'signal',
    sessionId: SESSION_ID,
    linkId: LINK_ID,
    candidate: { candidate: '', sdpMid: null, sdpMLineIndex: null },
  },
  'end-session': { type: 'end-session', sessionId: SESSION_ID },
  'leave-session': { type: 'leave-session', sessionId: SESSION_ID },
};

const VALID_SERVER: Record<string, Frame> = {
  'welcome for a rep': {
    type: 'welcome',
    version: PROTOCOL_VERSION,
    role: 'rep',
    repName: 'Rui',
    iceServers: [
      { urls: 'stun:stun.example.org:3478' },
      { urls: ['turn:turn.example.org:3478?transport=udp', 'turns:turn.example.org:5349'], username: 'u', credential: 'c' },
    ],
    iceExpiresAt: 1_700_003_600_000,
    iceTransportPolicy: 'relay',
    files: { allowedExtensions: ['png', 'pdf'], maxBytes: 1_000_000 },
  },
  'welcome for a customer': { type: 'welcome', version: PROTOCOL_VERSION, role: 'customer', iceServers: [], iceTransportPolicy: 'all', files: DEFAULT_FILE_RULES },
  'session-created': {
    type: 'session-created',
    requestId: 7,
    sessionId: SESSION_ID,
    code: '482193774',
    joinToken: JOIN_TOKEN,
    createdAt: 1_700_000_000_000,
    codeExpiresAt: 1_700_000_600_000,
    reference: 'TICKET-42',
  },
  'session-resumed with its code': {
    type: 'session-resumed',
    sessionId: SESSION_ID,
    code: '482193774',
    joinToken: JOIN_TOKEN,
    codeExpiresAt: 1_700_000_600_000,
    createdAt: 1_700_000_000_000,
    reference: 'TICKET-42',
  },
  'session-resumed after the code was used': { type: 'session-resumed', sessionId: SESSION_ID, createdAt: 1_700_000_000_000 },
  'customer-joined': {
    type: 'customer-joined',
    sessionId: SESSION_ID,
    customer: CUSTOMER,
    joinedBy: 'code',
    joinedAt: 1_700_000_100_000,
    customerVerifier: 'q'.repeat(43),
  },
  joined: {
    type: 'joined',
    sessionId: SESSION_ID,
    resumeKey: RESUME_KEY,
    repName: 'Rui',
    customer: CUSTOMER,
    joinedBy: 'link',
    createdAt: 1_700_000_000_000,
    joinedAt: 1_700_000_100_000,
    reference: 'TICKET-42',
  },
  'peer-present': { type: 'peer-present', sessionId: SESSION_ID, peerInstanceId: PEER_INSTANCE_ID, polite: true },
  'peer-absent after leaving': { type: 'peer-absent', sessionId: SESSION_ID, reason: 'left' },
  'peer-absent after a disconnect': { type: 'peer-absent', sessionId: SESSION_ID, reason: 'disconnected' },
  'signal with a description': { type: 'signal', sessionId: SESSION_ID, linkId: LINK_ID, description: { type: 'answer', sdp: SDP } },
  'signal with a candidate': { type: 'signal', sessionId: SESSION_ID, linkId: LINK_ID, candidate: CANDIDATE },
  'session-ended by the rep': { type: 'session-ended', sessionId: SESSION_ID, reason: 'rep' },
  'session-ended by the customer': { type: 'session-ended', sessionId: SESSION_ID, reason: 'customer' },
  'session-ended on expiry': { type: 'session-ended', sessionId: SESSION_ID, reason: 'expired' },
  'session-ended on shutdown': { type: 'session-ended', sessionId: SESSION_ID, reason: 'shutdown' },
  'error with a retry delay': {
    type: 'error',
    code: 'RATE_LIMITED',
    message: ERROR_CODES.RATE_LIMITED,
    retryAfterMs: 60_000,
  },
  'error about a request and a session': {
    type: 'error',
    code: 'SESSION_NOT_FOUND',
    message: ERROR_CODES.SESSION_NOT_FOUND,
    requestId: 3,
    sessionId: SESSION_ID,
  },
};

const client = (label: string): Frame => structuredClone(VALID_CLIENT[label]!);
const server = (label: string): Frame => structuredClone(VALID_SERVER[label]!);

/** A deep copy of `frame` with the value at `path` replaced (or removed when `value` is `REMOVE`). */
const REMOVE = Symbol('remove');
function withField(frame: Frame, path: readonly (string | number)[], value: unknown): Frame {
  const copy = structuredClone(frame);
  let node = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (value === REMOVE) delete node[last];
  else node[last] = value;
  return copy;
}

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const byteLength = (text: string): number => utf8(text).byteLength;

/** `frame` as JSON text padded with an ignored field to exactly `bytes` UTF-8 bytes. */
function paddedTo(frame: Frame, bytes: number, fill = 'x'): string {
  const fillBytes = byteLength(fill);
  const base = byteLength(JSON.stringify({ ...frame, pad: '' }));
  const asciiBytes = (bytes - base) % fillBytes;
  const text = JSON.stringify({ ...frame, pad: 'x'.repeat(asciiBytes) + fill.repeat((bytes - base - asciiBytes) / fillBytes) });
  expect(byteLength(text)).toBe(bytes);
  return text;
}

function expectError(result: ReturnType<Parse>, code: ErrorCode): void {
  expect(result.ok).toBe(false);
  if (!result.ok) expect(result.error.code).toBe(code);
}

// ---------------------------------------------------------------- valid frames

describe('parseClientMessage', () => {
  describe('with valid frames', () => {
    it.each(Object.keys(VALID_CLIENT))('accepts %s as a decoded value', (label) => {
      expect(parseClientMessage(client(label))).toEqual({ ok: true, value: VALID_CLIENT[label] });
    });

    it.each(Object.keys(VALID_CLIENT))('accepts %s as JSON text', (label) => {
      expect(parseClientMessage(JSON.stringify(VALID_CLIENT[label]))).toEqual({ ok: true, value: VALID_CLIENT[label] });
    });

    it.each(Object.keys(VALID_CLIENT))('accepts %s as a Uint8Array and as an ArrayBuffer', (label) => {
      const bytes = utf8(JSON.stringify(VALID_CLIENT[label]));
      const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
      expect(parseClientMessage(bytes)).toEqual({ ok: true, value: VALID_CLIENT[label] });
      expect(parseClientMessage(buffer)).toEqual({ ok: true, value: VALID_CLIENT[label] });
    });

    it('accepts a Node Buffer, as the ws library delivers frames', () => {
      const frame = client('join by code');
      expect(parseClientMessage(Buffer.from(JSON.stringify(frame)))).toEqual({ ok: true, value: frame });
    });

    it('reads only the bytes of a Uint8Array view, not the whole underlying buffer', () => {
      const json = JSON.stringify(client('resume-session'));
      const backing = utf8(`garbage${json}garbage`);
      const view = backing.subarray(7, 7 + byteLength(json));
      expect(parseClientMessage(view)).toEqual({ ok: true, value: VALID_CLIENT['resume-session'] });
    });

    it('drops fields the protocol does not define', () => {
      const result = parseClientMessage({ ...client('resume-session'), admin: true, role: 'rep' });
      expect(result).toEqual({ ok: true, value: VALID_CLIENT['resume-session'] });
    });

    it('trims the customer name and query', () => {
      const frame = withField(client('join by code'), ['customer'], { ...CUSTOMER, name: '  Ana  ', query: '\n help \t' });
      const result = parseClientMessage(frame);
      expect(result.ok && result.value.type === 'join' && result.value.customer).toEqual({ ...CUSTOMER, name: 'Ana', query: 'help' });
    });

    it('keeps only the description when a signal carries both a description and a candidate', () => {
      const frame = { ...client('signal with an offer'), candidate: CANDIDATE };
      expect(parseClientMessage(frame)).toEqual({ ok: true, value: VALID_CLIENT['signal with an offer'] });
    });

    it('takes a signal whose description is not one as the candidate it also carries, from text as from a value', () => {
      const frame = { ...client('signal with a candidate'), description: 'not a description' };
      expect(parseClientMessage(frame)).toEqual({ ok: true, value: VALID_CLIENT['signal with a candidate'] });
      expect(parseClientMessage(JSON.stringify(frame))).toEqual({ ok: true, value: VALID_CLIENT['signal with a candidate'] });
      expect(parseServerMessage(JSON.stringify(frame))).toEqual({ ok: true, value: VALID_CLIENT['signal with a candidate'] });
    });

    it('refuses a signal with a description that is not one and no candidate, or with neither', () => {
      const { candidate: _candidate, ...neither } = client('signal with a candidate') as Record<string, unknown>;
      expectError(parseClientMessage({ ...neither, description: 'not a description' }), 'INVALID_MESSAGE');
      expectError(parseClientMessage({ ...neither, description: undefined }), 'INVALID_MESSAGE');
      expectError(parseClientMessage(JSON.stringify(neither)), 'INVALID_MESSAGE');
      expectError(parseServerMessage(JSON.stringify(neither)), 'INVALID_MESSAGE');
    });

    it('accepts a frame of exactly MAX_SIGNAL_FRAME_BYTES', () => {
      const text = paddedTo(client('hello from a rep with a token'), MAX_SIGNAL_FRAME_BYTES);
      expect(parseClientMessage(text)).toEqual({ ok: true, value: VALID_CLIENT['hello from a rep with a token'] });
    });

    it('accepts a multi-byte frame of exactly MAX_SIGNAL_FRAME_BYTES', () => {
      const text = paddedTo(client('hello from a rep with a token'), MAX_SIGNAL_FRAME_BYTES, '€');
      expect(parseClientMessage(text).ok).toBe(true);
    });
  });

  it('refuses server-to-client types with UNKNOWN_TYPE', () => {
    for (const frame of Object.values(VALID_SERVER)) {
      if (frame.type === 'signal') continue; // the one type both directions share
      expectError(parseClientMessage(frame), 'UNKNOWN_TYPE');
    }
  });
});

describe('parseServerMessage', () => {
  it.each(Object.keys(VALID_SERVER))('accepts %s as a decoded value', (label) => {
    expect(parseServerMessage(server(label))).toEqual({ ok: true, value: VALID_SERVER[label] });
  });

  it.each(Object.keys(VALID_SERVER))('accepts %s as JSON text and as bytes', (label) => {
    const json = JSON.stringify(VALID_SERVER[label]);
    expect(parseServerMessage(json)).toEqual({ ok: true, value: VALID_SERVER[label] });
    expect(parseServerMessage(utf8(json))).toEqual({ ok: true, value: VALID_SERVER[label] });
  });

  it('refuses client-to-server types with UNKNOWN_TYPE', () => {
    for (const frame of Object.values(VALID_CLIENT)) {
      if (frame.type === 'signal') continue;
      expectError(parseServerMessage(frame), 'UNKNOWN_TYPE');
    }
  });

  it('refuses an error frame whose code is not in the catalogue', () => {
    expectError(parseServerMessage({ ...server('error with a retry delay'), code: 'TEAPOT' }), 'INVALID_MESSAGE');
  });

  it('refuses a welcome without iceServers', () => {
    expectError(parseServerMessage(withField(server('welcome for a rep'), ['iceServers'], REMOVE)), 'INVALID_MESSAGE');
  });

  it('refuses a signal without a linkId', () => {
    expectError(parseServerMessage(withField(server('signal with a candidate'), ['linkId'], REMOVE)), 'INVALID_MESSAGE');
  });

  it('refuses peer-present whose polite flag is not a boolean', () => {
    expectError(parseServerMessage({ ...server('peer-present'), polite: 'true' }), 'INVALID_MESSAGE');
  });
});

// ---------------------------------------------------------------- hostile frames

describe.each([
  ['parseClientMessage', parseClientMessage as Parse, VALID_CLIENT['resume-session']!],
  ['parseServerMessage', parseServerMessage as Parse, VALID_SERVER['peer-absent after leaving']!],
])('%s with hostile frames', (_name, parse, valid) => {
  it.each(['', ' ', 'not json', '{', '{"type":"hello"', "{'type':'hello'}", 'undefined', 'NaN', '{"type":"hello",}', '\u0000'])(
    'refuses the non-JSON text %j with INVALID_MESSAGE',
    (text) => {
      expectError(parse(text), 'INVALID_MESSAGE');
    },
  );

  it.each(['[]', `[${JSON.stringify(valid)}]`, '42', '-1e999', 'null', 'true', '"resume-session"'])(
    'refuses the JSON text %j, which is not an object, with INVALID_MESSAGE',
    (text) => {
      expectError(parse(text), 'INVALID_MESSAGE');
    },
  );

  it.each([null, undefined, 42, Number.NaN, true, 10n, Symbol('frame'), () => valid, [valid], new Date(0)])(
    'refuses the decoded value %s, which is not a frame, with INVALID_MESSAGE',
    (value) => {
      expectError(parse(value), 'INVALID_MESSAGE');
    },
  );

  it.each([new Uint16Array(utf8(JSON.stringify(valid))), new DataView(utf8(JSON.stringify(valid)).buffer)])(
    'refuses binary input that is not a Uint8Array or ArrayBuffer (%s)',
    (value) => {
      expectError(parse(value), 'INVALID_MESSAGE');
    },
  );

  it.each([{}, { version: 1 }, { type: 1 }, { type: null }, { type: ['resume-session'] }, { type: { toString: () => 'x' } }, { Type: 'resume-session' }])(
    'refuses %j, which has no string type, with INVALID_MESSAGE',
    (frame) => {
      expectError(parse(frame), 'INVALID_MESSAGE');
      expectError(parse(JSON.stringify(frame)), 'INVALID_MESSAGE');
    },
  );

  it.each(['', 'RESUME-SESSION', ' resume-session', 'resume-session\u0000', 'ping', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'])(
    'refuses the type %j with UNKNOWN_TYPE',
    (type) => {
      expectError(parse({ ...valid, type }), 'UNKNOWN_TYPE');
      expectError(parse(JSON.stringify({ ...valid, type })), 'UNKNOWN_TYPE');
    },
  );

  it('cuts an unknown type down to 40 characters in the error detail', () => {
    const result = parse({ type: 'z'.repeat(10_000) });
    expectError(result, 'UNKNOWN_TYPE');
    expect(!result.ok && result.error.detail).toBe('z'.repeat(40));
  });

  it('refuses text one byte over MAX_SIGNAL_FRAME_BYTES with MESSAGE_TOO_LARGE', () => {
    expectError(parse(paddedTo(valid, MAX_SIGNAL_FRAME_BYTES + 1)), 'MESSAGE_TOO_LARGE');
  });

  it('counts UTF-8 bytes, not characters, against MAX_SIGNAL_FRAME_BYTES', () => {
    const text = paddedTo(valid, MAX_SIGNAL_FRAME_BYTES + 2, '€');
    expect(text.length).toBeLessThan(MAX_SIGNAL_FRAME_BYTES);
    expectError(parse(text), 'MESSAGE_TOO_LARGE');
  });

  it('refuses a Uint8Array and an ArrayBuffer over MAX_SIGNAL_FRAME_BYTES with MESSAGE_TOO_LARGE', () => {
    const bytes = utf8(paddedTo(valid, MAX_SIGNAL_FRAME_BYTES + 1));
    expectError(parse(bytes), 'MESSAGE_TOO_LARGE');
    expectError(parse(bytes.buffer), 'MESSAGE_TOO_LARGE');
  });

  it('refuses oversized garbage by its size before trying to parse it', () => {
    expectError(parse('{'.repeat(MAX_SIGNAL_FRAME_BYTES + 1)), 'MESSAGE_TOO_LARGE');
    expectError(parse(new Uint8Array(10 * MAX_SIGNAL_FRAME_BYTES)), 'MESSAGE_TOO_LARGE');
  });

  it('refuses bytes that are not UTF-8 JSON with INVALID_MESSAGE', () => {
    expectError(parse(new Uint8Array([0xff, 0xfe, 0x7b, 0x7d])), 'INVALID_MESSAGE');
    expectError(parse(new Uint8Array(0)), 'INVALID_MESSAGE');
    expectError(parse(new ArrayBuffer(16)), 'INVALID_MESSAGE');
  });

  it('ignores __proto__ and constructor keys and leaves every prototype alone', () => {
    const body = JSON.stringify(valid).slice(0, -1);
    const text = `${body},"__proto__":{"polluted":"yes","type":"x"},"constructor":{"prototype":{"polluted":"yes"}}}`;
    for (const input of [text, utf8(text), JSON.parse(text) as unknown]) {
      const result = parse(input);
      expect(result).toEqual({ ok: true, value: valid });
      if (!result.ok) continue;
      expect(Object.getPrototypeOf(result.value)).toBe(Object.prototype);
      expect(Object.hasOwn(result.value, '__proto__')).toBe(false);
      expect(Object.hasOwn(result.value, 'constructor')).toBe(false);
      expect((result.value as Record<string, unknown>).polluted).toBeUndefined();
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('does not take the type from a __proto__ key', () => {
    const { type, ...rest } = valid;
    const text = `${JSON.stringify(rest).slice(0, -1)},"__proto__":{"type":${JSON.stringify(type)}}}`;
    expectError(parse(text), 'INVALID_MESSAGE');
  });

  it('returns an error for 50,000 unclosed nested arrays within the size limit', () => {
    const text = '['.repeat(50_000);
    expect(byteLength(text)).toBeLessThanOrEqual(MAX_SIGNAL_FRAME_BYTES);
    expectError(parse(text), 'INVALID_MESSAGE');
  });

  it('returns an error for the deepest closed arrays that fit the size limit', () => {
    // 50,000 closed levels would be 100,000 bytes and stop at the size check instead.
    const depth = MAX_SIGNAL_FRAME_BYTES / 2;
    expectError(parse('['.repeat(depth) + ']'.repeat(depth)), 'INVALID_MESSAGE');
  });

  it('returns an error for deeply nested objects within the size limit', () => {
    const depth = 10_000;
    const text = '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
    expect(byteLength(text)).toBeLessThanOrEqual(MAX_SIGNAL_FRAME_BYTES);
    expectError(parse(text), 'INVALID_MESSAGE');
  });

  it('returns an error when a required field holds deeply nested arrays', () => {
    const depth = 30_000;
    const text = `${JSON.stringify(valid).slice(0, -1)},"sessionId":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    expectError(parse(text), 'INVALID_MESSAGE');
  });

  it('drops an unknown field that holds deeply nested arrays', () => {
    const depth = 30_000;
    const text = `${JSON.stringify(valid).slice(0, -1)},"extra":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    expect(parse(text)).toEqual({ ok: true, value: valid });
  });

  it('returns an error for a decoded value nested 50,000 levels deep', () => {
    let deep: unknown = valid;
    for (let i = 0; i < 50_000; i++) deep = { sessionId: deep };
    expectError(parse({ ...valid, sessionId: deep }), 'INVALID_MESSAGE');
    expectError(parse(deep), 'INVALID_MESSAGE');
  });
});

describe('parseClientMessage with wrong field types', () => {
  it.each<[string, string, readonly (string | number)[], unknown]>([
    ['hello', 'hello from a rep with a token', ['version'], '1'],
    ['hello', 'hello from a rep with a token', ['version'], 1.5],
    ['hello', 'hello from a rep with a token', ['version'], -1],
    ['hello', 'hello from a rep with a token', ['version'], 1_000_001],
    ['hello', 'hello from a rep with a token', ['version'], REMOVE],
    ['hello', 'hello from a rep with a token', ['role'], 'admin'],
    ['hello', 'hello from a rep with a token', ['role'], REMOVE],
    ['hello', 'hello from a rep with a token', ['token'], 123],
    ['hello', 'hello from a rep with a token', ['token'], null],
    ['hello', 'hello from a rep with a token', ['instanceId'], ''],
    ['hello', 'hello from a rep with a token', ['instanceId'], 'has space'],
    ['hello', 'hello from a rep with a token', ['instanceId'], 'a/b'],
    ['hello', 'hello from a rep with a token', ['instanceId'], REMOVE],
    ['create-session', 'create-session with a reference', ['requestId'], -1],
    ['create-session', 'create-session with a reference', ['requestId'], 1.5],
    ['create-session', 'create-session with a reference', ['requestId'], '1'],
    ['create-session', 'create-session with a reference', ['requestId'], Number.MAX_SAFE_INTEGER + 1],
    ['create-session', 'create-session with a reference', ['requestId'], REMOVE],
    ['create-session', 'create-session with a reference', ['reference'], 42],
    ['join', 'join by code', ['code'], '48219377'],
    ['join', 'join by code', ['code'], '482 193 774'],
    ['join', 'join by code', ['code'], 482193774],
    ['join', 'join by code', ['code'], '４８２１９３７７４'],
    ['join', 'join by joinToken', ['joinToken'], 'a'.repeat(21)],
    ['join', 'join by joinToken', ['joinToken'], `${'a'.repeat(30)}+/=`],
    ['join', 'join by joinToken', ['joinToken'], `${'a'.repeat(30)} `],
    ['join', 'join by code', ['customer'], REMOVE],
    ['join', 'join by code', ['customer'], 'Ana'],
    ['join', 'join by code', ['customer', 'name'], REMOVE],
    ['join', 'join by code', ['customer', 'name'], ''],
    ['join', 'join by code', ['customer', 'name'], ' \t\n '],
    ['join', 'join by code', ['customer', 'name'], 7],
    ['join', 'join by code', ['customer', 'query'], REMOVE],
    ['join', 'join by code', ['customer', 'os'], null],
    ['join', 'join by code', ['customer', 'browser'], ['Chrome']],
    ['rejoin', 'rejoin', ['resumeKey'], REMOVE],
    ['rejoin', 'rejoin', ['resumeKey'], 'short'],
    ['rejoin', 'rejoin', ['sessionId'], '../etc/passwd'],
    ['resume-session', 'resume-session', ['sessionId'], REMOVE],
    ['resume-session', 'resume-session', ['sessionId'], 12345],
    ['signal', 'signal with an offer', ['description'], REMOVE],
    ['signal', 'signal with an offer', ['description'], null],
    ['signal', 'signal with an offer', ['description', 'type'], 'bogus'],
    ['signal', 'signal with an offer', ['description', 'sdp'], REMOVE],
    ['signal', 'signal with an offer', ['description', 'sdp'], { toString: 'v=0' }],
    ['signal', 'signal with an offer', ['sessionId'], REMOVE],
    ['signal', 'signal with an offer', ['linkId'], REMOVE],
    ['signal', 'signal with an offer', ['linkId'], ''],
    ['signal', 'signal with an offer', ['linkId'], 'old link'],
    ['signal', 'signal with an offer', ['linkId'], 1],
    ['signal', 'signal with a candidate', ['candidate', 'candidate'], REMOVE],
    ['signal', 'signal with a candidate', ['candidate', 'sdpMLineIndex'], -1],
    ['signal', 'signal with a candidate', ['candidate', 'sdpMLineIndex'], 1025],
    ['signal', 'signal with a candidate', ['candidate', 'sdpMLineIndex'], 0.5],
    ['signal', 'signal with a candidate', ['candidate', 'sdpMLineIndex'], '0'],
    ['signal', 'signal with a candidate', ['candidate', 'sdpMid'], 0],
    ['end-session', 'end-session', ['sessionId'], ''],
    ['leave-session', 'leave-session', ['sessionId'], true],
  ])('refuses %s whose %s has %j = %j', (_type, label, path, value) => {
    const result = parseClientMessage(withField(client(label), path, value));
    expectError(result, 'INVALID_MESSAGE');
  });

  it('names the failing field in the error detail', () => {
    const result = parseClientMessage(withField(client('join by code'), ['customer', 'name'], 7));
    expect(!result.ok && result.error.detail).toMatch(/^join: customer\.name /);
  });
});

describe('signaling string limits', () => {
  type LimitCase = [string, Parse, Frame, readonly (string | number)[], number];
  const cases: LimitCase[] = [
    ['hello token', parseClientMessage, client('hello from a rep with a token'), ['token'], MAX_TOKEN_CHARS],
    ['hello instanceId', parseClientMessage, client('hello from a rep with a token'), ['instanceId'], MAX_ID_CHARS],
    ['create-session reference', parseClientMessage, client('create-session with a reference'), ['reference'], MAX_REFERENCE_CHARS],
    ['join joinToken', parseClientMessage, client('join by joinToken'), ['joinToken'], MAX_TOKEN_CHARS],
    ['join customer name', parseClientMessage, client('join by code'), ['customer', 'name'], MAX_NAME_CHARS],
    ['join customer query', parseClientMessage, client('join by code'), ['customer', 'query'], MAX_QUERY_CHARS],
    ['join customer os', parseClientMessage, client('join by code'), ['customer', 'os'], MAX_PLATFORM_CHARS],
    ['join customer browser', parseClientMessage, client('join by code'), ['customer', 'browser'], MAX_PLATFORM_CHARS],
    ['rejoin sessionId', parseClientMessage, client('rejoin'), ['sessionId'], MAX_ID_CHARS],
    ['rejoin resumeKey', parseClientMessage, client('rejoin'), ['resumeKey'], MAX_TOKEN_CHARS],
    ['signal linkId', parseClientMessage, client('signal with an offer'), ['linkId'], MAX_ID_CHARS],
    ['signal sdp', parseClientMessage, client('signal with an offer'), ['description', 'sdp'], MAX_SDP_CHARS],
    ['signal candidate', parseClientMessage, client('signal with a candidate'), ['candidate', 'candidate'], MAX_CANDIDATE_CHARS],
    ['signal sdpMid', parseClientMessage, client('signal with a candidate'), ['candidate', 'sdpMid'], MAX_ID_CHARS],
    ['signal usernameFragment', parseClientMessage, client('signal with a candidate'), ['candidate', 'usernameFragment'], MAX_ID_CHARS * 4],
    ['welcome repName', parseServerMessage, server('welcome for a rep'), ['repName'], MAX_NAME_CHARS],
    ['welcome ICE url', parseServerMessage, server('welcome for a rep'), ['iceServers', 0, 'urls'], MAX_ICE_URL_CHARS],
    ['welcome ICE url in a list', parseServerMessage, server('welcome for a rep'), ['iceServers', 1, 'urls', 0], MAX_ICE_URL_CHARS],
    ['welcome ICE username', parseServerMessage, server('welcome for a rep'), ['iceServers', 1, 'username'], MAX_TOKEN_CHARS],
    ['welcome ICE credential', parseServerMessage, server('welcome for a rep'), ['iceServers', 1, 'credential'], MAX_TOKEN_CHARS],
    ['session-created reference', parseServerMessage, server('session-created'), ['reference'], MAX_REFERENCE_CHARS],
    ['joined repName', parseServerMessage, server('joined'), ['repName'], MAX_NAME_CHARS],
    ['joined customer name', parseServerMessage, server('joined'), ['customer', 'name'], MAX_NAME_CHARS],
    ['error message', parseServerMessage, server('error with a retry delay'), ['message'], 500],
  ];

  it.each(cases)('accepts %s at its limit', (_label, parse, frame, path, max) => {
    expect(parse(withField(frame, path, 'a'.repeat(max))).ok).toBe(true);
  });

  it.each(cases)('refuses %s one character over its limit with INVALID_MESSAGE', (_label, parse, frame, path, max) => {
    expectError(parse(withField(frame, path, 'a'.repeat(max + 1))), 'INVALID_MESSAGE');
  });

  it.each(cases)('refuses %s far over its limit, sent as JSON text, without throwing', (_label, parse, frame, path) => {
    const result = parse(JSON.stringify(withField(frame, path, 'a'.repeat(MAX_SIGNAL_FRAME_BYTES))));
    expectError(result, 'MESSAGE_TOO_LARGE');
  });

  it('accepts MAX_ICE_SERVERS ICE servers and refuses one more', () => {
    const ice = { urls: 'stun:stun.example.org' };
    const welcome = server('welcome for a rep');
    expect(parseServerMessage({ ...welcome, iceServers: Array(MAX_ICE_SERVERS).fill(ice) }).ok).toBe(true);
    expectError(parseServerMessage({ ...welcome, iceServers: Array(MAX_ICE_SERVERS + 1).fill(ice) }), 'INVALID_MESSAGE');
  });

  it('accepts MAX_ICE_SERVERS urls in one ICE server and refuses one more', () => {
    const welcome = server('welcome for a rep');
    const urls = (n: number) => Array.from({ length: n }, (_, i) => `stun:stun${i}.example.org`);
    expect(parseServerMessage(withField(welcome, ['iceServers', 0, 'urls'], urls(MAX_ICE_SERVERS))).ok).toBe(true);
    expectError(parseServerMessage(withField(welcome, ['iceServers', 0, 'urls'], urls(MAX_ICE_SERVERS + 1))), 'INVALID_MESSAGE');
  });

  it('accepts a 22-character secret, the 128-bit floor, and refuses 21', () => {
    const frame = client('rejoin');
    expect(parseClientMessage(withField(frame, ['resumeKey'], 'a'.repeat(22))).ok).toBe(true);
    expectError(parseClientMessage(withField(frame, ['resumeKey'], 'a'.repeat(21))), 'INVALID_MESSAGE');
  });
});

describe('signaling numbers', () => {
  const hello = JSON.stringify(VALID_CLIENT['hello from a rep with a token']);
  const created = JSON.stringify(VALID_SERVER['session-created']);
  /** The hello with its version written as `number` (checked to have taken place). */
  const helloWithVersion = (number: string) => {
    const text = hello.replace(`"version":${PROTOCOL_VERSION}`, `"version":${number}`);
    expect(text).not.toBe(hello);
    return text;
  };

  it.each(['1e400', '-1e400', '1e21', '9007199254740993', '1.0000001', '-0.5'])('refuses the version %s in JSON text', (number) => {
    expectError(parseClientMessage(helloWithVersion(number)), 'INVALID_MESSAGE');
  });

  it.each(['NaN', 'Infinity', '-Infinity', '0x1', '01', '+1', '1.', '.5'])('refuses the non-JSON number %s', (number) => {
    expectError(parseClientMessage(helloWithVersion(number)), 'INVALID_MESSAGE');
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.MAX_VALUE, -Number.MIN_VALUE, '1', 'NaN', null])(
    'refuses the decoded version %s',
    (version) => {
      expectError(parseClientMessage({ ...JSON.parse(hello), version }), 'INVALID_MESSAGE');
    },
  );

  it.each(['1e400', '-1', '1.5', '"1700000000000"', 'null'])('refuses the createdAt %s in session-created', (number) => {
    const text = created.replace('"createdAt":1700000000000', `"createdAt":${number}`);
    expectError(parseServerMessage(text), 'INVALID_MESSAGE');
  });

  it('accepts the largest safe integer as a requestId', () => {
    const frame = { type: 'create-session', requestId: Number.MAX_SAFE_INTEGER };
    expect(parseClientMessage(JSON.stringify(frame))).toEqual({ ok: true, value: frame });
  });
});

// ---------------------------------------------------------------- property-style

/** mulberry32: a small seeded PRNG, so a failing case can be reproduced from its seed. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const JSONISH = ['{', '}', '[', ']', '"', ':', ',', ' ', '\\', '0', '1', '9', '-', '.', 'e', 'true', 'null', '__proto__', '"type"', '"signal"', '\u0000', '\ud800', '€'];
const PARSE_ERRORS = new Set<ErrorCode>(['INVALID_MESSAGE', 'UNKNOWN_TYPE', 'MESSAGE_TOO_LARGE']);

/** Parses `input` and returns a description of what went wrong, or null if the parser behaved. */
function misbehaviour(parse: Parse, input: unknown, types: ReadonlySet<string>): string | null {
  let result: ReturnType<Parse>;
  try {
    result = parse(input);
  } catch (error) {
    return `threw ${String(error)}`;
  }
  if (!result.ok) return PARSE_ERRORS.has(result.error.code) ? null : `unexpected code ${result.error.code}`;
  if (!types.has(result.value.type)) return `accepted type ${result.value.type}`;
  const again = parse(JSON.stringify(result.value));
  if (!again.ok || !isDeepStrictEqual(again.value, result.value)) return 'value does not survive a second parse';
  if (Object.getPrototypeOf(result.value) !== Object.prototype) return 'value has a foreign prototype';
  return null;
}

function mutate(text: string, random: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  let out = text;
  const count = 1 + Math.floor(random() * 4);
  for (let i = 0; i < count; i++) {
    const at = Math.floor(random() * (out.length + 1));
    switch (Math.floor(random() * 6)) {
      case 0:
        out = out.slice(0, at) + out.slice(at + 1);
        break;
      case 1:
        out = out.slice(0, at) + pick(JSONISH) + out.slice(at);
        break;
      case 2:
        out = out.slice(0, at) + pick(JSONISH) + out.slice(at + 1);
        break;
      case 3:
        out = out.slice(0, at);
        break;
      case 4:
        out = out.slice(0, at) + out.slice(at, at + Math.floor(random() * 40)) + out.slice(at);
        break;
      default: {
        // Replace a value: find a ':' and swap what follows up to the next ',' or '}'.
        const colon = out.indexOf(':', at);
        if (colon < 0) break;
        const end = out.slice(colon + 1).search(/[,}]/);
        const value = pick(['null', '1e999', '-1', '0.5', '""', '"x"', '[]', '{}', 'true', `"${'a'.repeat(300)}"`, '[[[[[[[[1]]]]]]]]']);
        out = out.slice(0, colon + 1) + value + (end < 0 ? '' : out.slice(colon + 1 + end));
      }
    }
  }
  return out;
}

describe.each([
  ['parseClientMessage', parseClientMessage as Parse, VALID_CLIENT, 0x5eed_c11e],
  ['parseServerMessage', parseServerMessage as Parse, VALID_SERVER, 0x5eed_5e7e],
])('%s under random input', (_name, parse, valid, seed) => {
  const types = new Set(Object.values(valid).map((frame) => String(frame.type)));
  const frames = Object.values(valid).map((frame) => JSON.stringify(frame));

  it(`never throws on 5,000 random byte strings (seed ${seed})`, () => {
    const random = prng(seed);
    const failures: string[] = [];
    for (let i = 0; i < 5_000; i++) {
      const length = Math.floor(random() ** 3 * 2_000);
      const bytes = new Uint8Array(length);
      const jsonish = random() < 0.5;
      for (let j = 0; j < length; j++) {
        bytes[j] = jsonish ? '{}[]":,0123456789.-etrufalsn "\\'.charCodeAt(Math.floor(random() * 32)) : Math.floor(random() * 256);
      }
      const text = String.fromCharCode(...bytes);
      for (const input of [bytes, bytes.buffer, text]) {
        const problem = misbehaviour(parse, input, types);
        if (problem !== null) failures.push(`#${i}: ${problem} on ${JSON.stringify(text.slice(0, 200))}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it(`never throws on 5,000 random mutations of valid frames (seed ${seed + 1})`, () => {
    const random = prng(seed + 1);
    const failures: string[] = [];
    const outcomes = { ok: 0, error: 0 };
    for (let i = 0; i < 5_000; i++) {
      const text = mutate(frames[Math.floor(random() * frames.length)]!, random);
      for (const input of [text, utf8(text)]) {
        const problem = misbehaviour(parse, input, types);
        if (problem !== null) failures.push(`#${i}: ${problem} on ${JSON.stringify(text)}`);
      }
      outcomes[parse(text).ok ? 'ok' : 'error'] += 1;
    }
    expect(failures).toEqual([]);
    // The mutations must reach both outcomes, or the loop is not testing what it claims.
    expect(outcomes.ok).toBeGreaterThan(50);
    expect(outcomes.error).toBeGreaterThan(50);
  });
});

// ---------------------------------------------------------------- error and version helpers

describe('errorMessage', () => {
  it.each(Object.keys(ERROR_CODES) as ErrorCode[])('builds a %s frame that parseServerMessage accepts', (code) => {
    const frame = errorMessage(code);
    expect(frame).toEqual({ type: 'error', code, message: ERROR_CODES[code] });
    expect(parseServerMessage(JSON.stringify(frame))).toEqual({ ok: true, value: frame });
  });

  it('carries the request id, session id and retry delay it is given', () => {
    const frame = errorMessage('RATE_LIMITED', { requestId: 4, sessionId: SESSION_ID as SessionId, retryAfterMs: 30_000 });
    expect(parseServerMessage(frame)).toEqual({
      ok: true,
      value: { type: 'error', code: 'RATE_LIMITED', message: ERROR_CODES.RATE_LIMITED, requestId: 4, sessionId: SESSION_ID, retryAfterMs: 30_000 },
    });
  });
});

describe('isErrorCode', () => {
  it.each(Object.keys(ERROR_CODES))('accepts the catalogue code %s', (code) => {
    expect(isErrorCode(code)).toBe(true);
  });

  it.each(['TEAPOT', 'invalid_message', '', '__proto__', 'toString', 'hasOwnProperty', 1, null, undefined, {}])(
    'refuses %j',
    (value) => {
      expect(isErrorCode(value)).toBe(false);
    },
  );
});

describe('protocolError', () => {
  it('leaves out detail when none is given', () => {
    const error = protocolError('INTERNAL');
    expect(error).toStrictEqual({ code: 'INTERNAL' });
    expect(Object.hasOwn(error, 'detail')).toBe(false);
  });

  it('keeps detail when one is given', () => {
    expect(protocolError('INVALID_MESSAGE', 'no type')).toStrictEqual({ code: 'INVALID_MESSAGE', detail: 'no type' });
  });
});

describe('CLOSE_CODES', () => {
  it('uses distinct codes in the application range 4000-4999', () => {
    const codes = Object.values(CLOSE_CODES);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) {
      expect(code).toBeGreaterThanOrEqual(4000);
      expect(code).toBeLessThanOrEqual(4999);
    }
  });
});

describe('isSupportedVersion', () => {
  it('accepts every version from MIN_PROTOCOL_VERSION to PROTOCOL_VERSION', () => {
    for (let version = MIN_PROTOCOL_VERSION; version <= PROTOCOL_VERSION; version++) {
      expect(isSupportedVersion(version)).toBe(true);
    }
  });

  it.each([MIN_PROTOCOL_VERSION - 1, PROTOCOL_VERSION + 1, PROTOCOL_VERSION + 0.5, Number.NaN, Number.POSITIVE_INFINITY, -1])(
    'refuses %s',
    (version) => {
      expect(isSupportedVersion(version)).toBe(false);
    },
  );
});
