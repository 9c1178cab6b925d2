/**
 * Screen-thumbnail control messages (request, answer, start, stop, size); frames travel on
 * the `frames` channel. Filled in by the screen-thumbnail issue.
 */
export const SCREEN_SHARE_SCHEMAS = {} as const;
