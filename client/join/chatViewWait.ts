/**
 * After joining, the chat view waits until the link to the rep is open (the chat channel is
 * open), at most this long; meanwhile the Join button shows that the page is busy. Drawing it
 * while ICE, DTLS and SCTP ran took the CPU they needed on a busy machine: the channel opened
 * about 30 ms later (bench/README.md, "Connect time"). A rejoin or a slow network shows the chat,
 * connecting, after this bound.
 */
export const CHAT_VIEW_WAIT_MS = 250;
