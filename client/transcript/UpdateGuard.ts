/**
 * Inspects a Yjs update from the peer before it touches the Transcript's document, and refuses
 * what our protocol does not allow (protocol/transcript.ts says what each shared type holds):
 *
 * - The log is append-only: no update may delete a log entry. The one exception is the file
 *   entry's author recording its SHA-256 (Transcript.setFileSha256): the same entry, deleted
 *   and inserted again with `sha256` added and nothing else changed.
 * - Session details are written once: no update may delete a field or give it another value
 *   (both sides may write the same value, as they do from what the server said). Two equal
 *   writes made apart are merged by deleting one of them: an update may delete a detail when it
 *   brings the same value for that field, and does not delete that one too.
 * - Every new log entry, detail and receipt must match its schema, as plain JSON (no nested
 *   shared types, no other shared types at the root).
 * - Authorship: the peer adds messages and files in its own role only. This side's own
 *   entries are in its stored transcript (TranscriptSync waits for it to load), so the peer
 *   never has one this side lacks; an entry in this side's role from the peer is a forgery.
 *   (The price: a page whose storage was lost cannot get its own earlier messages back from
 *   the other side.) Besides, every Yjs client id (one Y.Doc, one page load) writes in one
 *   role: an id is bound by the first message or file it wrote, by the peer's awareness state,
 *   or by being this page's own id, under which the peer may add nothing at all.
 *
 * An update that refers to something this side does not have yet (a struct's origin, or a
 * delete of a range it has not received) is `incomplete`: it is not applied at all, since its
 * deletes could otherwise hit entries that arrive later; the sync asks for the state again.
 */
import * as v from 'valibot';
import * as Y from 'yjs';
import type { Role } from '../../protocol/ids.js';
import { MAX_ID_CHARS } from '../../protocol/limits.js';
import {
  DETAILS_MAP,
  LOG_ARRAY,
  readLogEntry,
  RECEIPT_LEVELS,
  RECEIPTS_MAP,
  SessionDetailsSchema,
  type FileEntry,
  type LogEntry,
} from '../../protocol/transcript.js';

export type GuardVerdict =
  | { readonly kind: 'accept' }
  /** Refers to structs this side does not have yet: not applied, not an error. */
  | { readonly kind: 'incomplete' }
  | { readonly kind: 'refuse'; readonly reason: string };

const ACCEPT: GuardVerdict = { kind: 'accept' };
const INCOMPLETE: GuardVerdict = { kind: 'incomplete' };
const refuse = (reason: string): GuardVerdict => ({ kind: 'refuse', reason });

/** Where a struct lives: a root type of ours, somewhere else, dropped by Yjs, or not known yet. */
type Place = { root: 'log' | 'details' | 'receipts' | 'other' | 'gc' | 'missing'; key: string | null };

type Struct = Y.Item | Y.GC | Y.Skip;

const DETAIL_FIELDS = SessionDetailsSchema.entries;

export class UpdateGuard {
  private readonly log: Y.Array<unknown>;
  private readonly details: Y.Map<unknown>;
  private readonly receipts: Y.Map<unknown>;
  /** Role of each client id that wrote a message or a file entry. */
  private readonly clientRoles = new Map<number, Role>();
  private readonly onLog = (event: Y.YArrayEvent<unknown>) => {
    for (const item of event.changes.added) this.bindItem(item);
  };

  constructor(
    private readonly doc: Y.Doc,
    private readonly selfRole: Role | null,
  ) {
    this.log = doc.getArray(LOG_ARRAY);
    this.details = doc.getMap(DETAILS_MAP);
    this.receipts = doc.getMap(RECEIPTS_MAP);
    for (let item = this.log._start; item; item = item.right) this.bindItem(item);
    this.log.observe(this.onLog);
  }

  /** The peer announced this client id (its awareness state): it writes in the peer's role. */
  bindPeerClient(clientId: number): void {
    if (!this.selfRole || clientId === this.doc.clientID) return;
    if (!this.clientRoles.has(clientId)) this.clientRoles.set(clientId, this.selfRole === 'rep' ? 'customer' : 'rep');
  }

  dispose(): void {
    this.log.unobserve(this.onLog);
  }

  /** Never throws: an update that does not even decode is refused. */
  inspect(update: Uint8Array): GuardVerdict {
    let decoded: { structs: Struct[]; ds: { clients: Map<number, { clock: number; len: number }[]> } };
    try {
      decoded = Y.decodeUpdate(update) as typeof decoded;
    } catch {
      return refuse('update does not decode');
    }
    try {
      return new Inspection(this, decoded.structs, decoded.ds.clients).run();
    } catch (error) {
      return refuse(`update does not fit the document (${error instanceof Error ? error.name : 'error'})`);
    }
  }

  // ------------------------------------------------------------------ for Inspection

  get document(): Y.Doc {
    return this.doc;
  }

  get role(): Role | null {
    return this.selfRole;
  }

  roleOf(clientId: number): Role | undefined {
    if (this.selfRole && clientId === this.doc.clientID) return this.selfRole;
    return this.clientRoles.get(clientId);
  }

  rootOf(type: Y.AbstractType<unknown> | null): Place['root'] {
    if (type === this.log) return 'log';
    if (type === this.details) return 'details';
    if (type === this.receipts) return 'receipts';
    return 'other';
  }

  rootNamed(name: string): Place['root'] {
    return name === LOG_ARRAY ? 'log' : name === DETAILS_MAP ? 'details' : name === RECEIPTS_MAP ? 'receipts' : 'other';
  }

  /** True when the detail has a value already and it is not `value`. */
  detailDiffers(key: string, value: unknown): boolean {
    return this.details.has(key) && this.details.get(key) !== value;
  }

  private bindItem(item: Y.Item): void {
    if (!(item.content instanceof Y.ContentAny)) return;
    for (const value of item.content.arr) {
      const entry = readLogEntry(value);
      if (entry && entry.kind !== 'status' && !this.clientRoles.has(item.id.client)) this.clientRoles.set(item.id.client, entry.role);
    }
  }
}

/** One update's check; holds what it learned about the update's own structs. */
class Inspection {
  private readonly doc: Y.Doc;
  /** The update's structs by client, in clock order. */
  private readonly incoming = new Map<number, Struct[]>();
  private readonly places = new Map<Struct, Place>();
  /** Roles bound by entries earlier in this update. */
  private readonly newRoles = new Map<number, Role>();
  /** File entries the update inserts into the log, by entry id. */
  private readonly insertedFiles = new Map<string, FileEntry>();
  /** Session details the update writes: field → the value and the item that carries it. */
  private readonly insertedDetails = new Map<string, { value: unknown; id: Y.ID }>();

  constructor(
    private readonly guard: UpdateGuard,
    private readonly structs: Struct[],
    private readonly deletes: Map<number, { clock: number; len: number }[]>,
  ) {
    this.doc = guard.document;
  }

  run(): GuardVerdict {
    let previousClient: number | null = null;
    for (const struct of this.structs) {
      const client = struct.id.client;
      if (client !== previousClient && this.incoming.has(client)) return refuse('a client appears twice');
      previousClient = client;
      let list = this.incoming.get(client);
      if (!list) this.incoming.set(client, (list = []));
      list.push(struct);
    }
    for (const [client, list] of this.incoming) {
      const verdict = this.checkClient(client, list);
      if (verdict.kind !== 'accept') return verdict;
    }
    return this.checkDeletes();
  }

  /** The structs of one client, from the first clock this side does not have. */
  private checkClient(client: number, list: Struct[]): GuardVerdict {
    const have = Y.getState(this.doc.store, client);
    let expected = have;
    for (const struct of list) {
      const end = struct.id.clock + struct.length;
      if (end <= have) continue;
      if (struct instanceof Y.Skip) return INCOMPLETE;
      if (struct.id.clock > expected) return INCOMPLETE;
      expected = end;
      if (client === this.doc.clientID && this.guard.role) return refuse("structs under this side's own client id");
      if (struct instanceof Y.GC) continue;
      const verdict = this.checkItem(struct, Math.max(0, have - struct.id.clock));
      if (verdict.kind !== 'accept') return verdict;
    }
    return ACCEPT;
  }

  private checkItem(item: Y.Item, offset: number): GuardVerdict {
    const place = this.placeOf(item);
    if (place.root === 'missing') return INCOMPLETE;
    if (place.root === 'gc' || item.content instanceof Y.ContentDeleted) return ACCEPT;
    if (place.root === 'other') return refuse('a shared type the transcript does not have');
    if (!(item.content instanceof Y.ContentAny)) return refuse(`not plain JSON in ${place.root}`);
    const values = item.content.arr.slice(offset);
    if (place.root === 'log') {
      if (place.key !== null) return refuse('a keyed value in the log');
      for (const value of values) {
        const verdict = this.checkLogEntry(item.id.client, value);
        if (verdict.kind !== 'accept') return verdict;
      }
      return ACCEPT;
    }
    const key = place.key;
    if (key === null || values.length !== 1) return refuse(`a list value in ${place.root}`);
    if (place.root === 'receipts') {
      const valid = key.length <= MAX_ID_CHARS && (RECEIPT_LEVELS as readonly unknown[]).includes(values[0]);
      return valid ? ACCEPT : refuse('a receipt of the wrong shape');
    }
    if (!Object.hasOwn(DETAIL_FIELDS, key)) return refuse('an unknown session detail');
    if (!v.safeParse(DETAIL_FIELDS[key as keyof typeof DETAIL_FIELDS], values[0]).success) return refuse('a session detail of the wrong shape');
    // Both sides write the same values from the server, sometimes at the same moment.
    if (this.guard.detailDiffers(key, values[0])) return refuse('a session detail written twice');
    this.insertedDetails.set(key, { value: values[0], id: item.id });
    return ACCEPT;
  }

  private checkLogEntry(client: number, value: unknown): GuardVerdict {
    const entry = readLogEntry(value);
    if (!entry) return refuse('a log entry of the wrong shape');
    if (entry.kind === 'status') return ACCEPT;
    if (entry.role === this.guard.role) return refuse(`a ${entry.kind} in this side's name`);
    const bound = this.guard.roleOf(client) ?? this.newRoles.get(client);
    if (bound && bound !== entry.role) return refuse(`a ${entry.kind} claiming the other author`);
    this.newRoles.set(client, entry.role);
    if (entry.kind === 'file') this.insertedFiles.set(entry.id, entry);
    return ACCEPT;
  }

  /**
   * Which root type (and map key) an item of the update goes into. An item whose parent is
   * not written out takes its origin's, which may be in the update too: the chain is walked
   * without recursion (a long conversation's first sync is a chain of thousands), and a forged
   * cycle ends it after as many steps as the update has structs.
   */
  private placeOf(first: Y.Item): Place {
    const chain: Y.Item[] = [];
    let item: Y.Item = first;
    let place: Place | undefined;
    for (let steps = 0; place === undefined; steps++) {
      place = this.places.get(item);
      if (place) break;
      chain.push(item);
      const parent = item.parent as unknown;
      if (typeof parent === 'string') place = { root: this.guard.rootNamed(parent), key: item.parentSub };
      else if (parent !== null || steps > this.structs.length) place = { root: 'other', key: null };
      else {
        const neighbour = item.origin ?? item.rightOrigin;
        if (!neighbour) place = { root: 'other', key: null };
        else {
          const next = this.localPlace(neighbour) ?? this.incomingStruct(neighbour);
          if (next instanceof Y.Item) item = next;
          else place = next ?? { root: 'missing', key: null };
        }
      }
    }
    for (const link of chain) this.places.set(link, place);
    return place;
  }

  /** The place of a struct this side has; undefined when it does not have it. */
  private localPlace(id: Y.ID): Place | undefined {
    const local = this.localStruct(id);
    if (!local) return undefined;
    if (!(local instanceof Y.Item) || local.parent === null) return { root: 'gc', key: null };
    const parent = local.parent as Y.AbstractType<unknown>;
    return { root: parent._item === null ? this.guard.rootOf(parent) : 'other', key: local.parentSub };
  }

  private localStruct(id: Y.ID): Y.Item | Y.GC | null {
    if (id.clock >= Y.getState(this.doc.store, id.client)) return null;
    const structs = this.doc.store.clients.get(id.client);
    return structs ? (structs[Y.findIndexSS(structs, id.clock)] as Y.Item | Y.GC) : null;
  }

  /** The update's struct holding `id`: an Item to follow, a place for a GC or Skip, or null. */
  private incomingStruct(id: Y.ID): Y.Item | Place | null {
    const list = this.incoming.get(id.client);
    if (!list) return null;
    let low = 0;
    let high = list.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const struct = list[mid]!;
      if (id.clock < struct.id.clock) high = mid - 1;
      else if (id.clock >= struct.id.clock + struct.length) low = mid + 1;
      else if (struct instanceof Y.Item) return struct;
      else return struct instanceof Y.GC ? { root: 'gc', key: null } : { root: 'missing', key: null };
    }
    return null;
  }

  /** Deletes may hit receipts, or log and details structs that arrive deleted; nothing that is shown. */
  private checkDeletes(): GuardVerdict {
    for (const [client, ranges] of this.deletes) {
      const have = Y.getState(this.doc.store, client);
      const structs = this.doc.store.clients.get(client) ?? [];
      for (const { clock, len } of ranges) {
        const end = clock + len;
        if (end > have && !this.coveredByUpdate(client, Math.max(clock, have), end)) return INCOMPLETE;
        if (clock >= have || structs.length === 0) continue;
        for (let i = Y.findIndexSS(structs, clock); i < structs.length && structs[i]!.id.clock < end; i++) {
          const verdict = this.checkDeletedStruct(structs[i]!, clock, end);
          if (verdict.kind !== 'accept') return verdict;
        }
      }
    }
    return ACCEPT;
  }

  /** A detail deleted as two equal writes merge: the update brings that field's same value, and keeps it. */
  private replacedWithSameValue(deleted: Y.Item): boolean {
    const key = deleted.parentSub;
    const inserted = key === null ? undefined : this.insertedDetails.get(key);
    if (!inserted || !(deleted.content instanceof Y.ContentAny) || deleted.content.arr[0] !== inserted.value) return false;
    const { client, clock } = inserted.id;
    return !(this.deletes.get(client) ?? []).some((range) => clock >= range.clock && clock < range.clock + range.len);
  }

  private coveredByUpdate(client: number, from: number, to: number): boolean {
    let next = from;
    for (const struct of this.incoming.get(client) ?? []) {
      if (struct instanceof Y.Skip) continue;
      if (struct.id.clock <= next && struct.id.clock + struct.length > next) next = struct.id.clock + struct.length;
    }
    return next >= to;
  }

  private checkDeletedStruct(struct: Y.Item | Y.GC, from: number, to: number): GuardVerdict {
    if (!(struct instanceof Y.Item) || struct.deleted || struct.parent === null) return ACCEPT;
    const parent = struct.parent as Y.AbstractType<unknown>;
    const root = parent._item === null ? this.guard.rootOf(parent) : 'other';
    if (root === 'receipts') return ACCEPT;
    if (root === 'details') return this.replacedWithSameValue(struct) ? ACCEPT : refuse('deletes a session detail');
    if (root !== 'log') return ACCEPT;
    if (!(struct.content instanceof Y.ContentAny)) return refuse('deletes from the log');
    const first = Math.max(from, struct.id.clock) - struct.id.clock;
    const last = Math.min(to, struct.id.clock + struct.length) - struct.id.clock;
    for (const value of struct.content.arr.slice(first, last)) {
      if (!this.isFileHashRecord(readLogEntry(value))) return refuse('deletes a log entry');
    }
    return ACCEPT;
  }

  /** The file entry's author putting it back with its SHA-256 (and nothing else) added. */
  private isFileHashRecord(old: LogEntry | null): boolean {
    if (!old || old.kind !== 'file' || old.sha256 !== undefined || old.role === this.guard.role) return false;
    const replaced = this.insertedFiles.get(old.id);
    if (!replaced || replaced.sha256 === undefined) return false;
    const { sha256: _added, ...rest } = replaced;
    return sameFields(rest, old);
  }
}

function sameFields(a: object, b: object): boolean {
  const keysA = Object.keys(a);
  if (keysA.length !== Object.keys(b).length) return false;
  return keysA.every((key) => (a as Record<string, unknown>)[key] === (b as Record<string, unknown>)[key]);
}

const guards = new WeakMap<Y.Doc, UpdateGuard>();

/** The one guard of a document (it keeps the client roles it has seen as the log grows). */
export function updateGuardOf(doc: Y.Doc, selfRole: Role | null): UpdateGuard {
  let guard = guards.get(doc);
  if (!guard) {
    guard = new UpdateGuard(doc, selfRole);
    guards.set(doc, guard);
  }
  return guard;
}
