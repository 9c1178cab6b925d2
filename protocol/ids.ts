/** Branded ids: two kinds of string id cannot be swapped by accident. */
export type SessionId = string & { readonly __brand: 'SessionId' };
/** Nine digits, no separators; see `sessionCode.ts`. */
export type SessionCode = string & { readonly __brand: 'SessionCode' };
/** The secret in a join link's fragment (base64url, at least 128 bits). */
export type JoinToken = string & { readonly __brand: 'JoinToken' };
/** Secret a customer keeps to rejoin its session from the same browser (base64url). */
export type ResumeKey = string & { readonly __brand: 'ResumeKey' };
/** Random id of one page instance, so a peer can tell a reload from a reconnect. */
export type InstanceId = string & { readonly __brand: 'InstanceId' };

export type Role = 'rep' | 'customer';
