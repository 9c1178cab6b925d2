/**
 * File transfer messages on the control channel (offer, accept, ack, complete, cancel,
 * error); chunks travel on the `files` channel. Filled in by the file-attachment issue.
 */
export const FILE_TRANSFER_SCHEMAS = {} as const;
