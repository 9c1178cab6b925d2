/** What the session registry needs of a socket; the server entry adapts `ws` to it. */
export interface SocketLike {
  send(text: string): void;
  close(code: number, reason: string): void;
}
