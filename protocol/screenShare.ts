/**
 * Screen thumbnail: the rep asks to see the customer's screen, the customer allows it (or
 * starts on their own), and scaled-down frames travel on the `frames` channel (framing in
 * screenFrame.ts). These are the control messages on the `control` channel, and the sizes
 * both sides agree on. The rep's page writes the status notes; see client/screen/.
 */
import * as v from 'valibot';

/** Image types a customer may encode frames in and a rep will decode (nothing else). */
export const SCREEN_IMAGE_TYPES = ['image/jpeg', 'image/webp'] as const;
export type ScreenImageType = (typeof SCREEN_IMAGE_TYPES)[number];

/** Longest edge of a thumbnail frame: about 320 px wide for a landscape screen. */
export const THUMBNAIL_EDGE_PX = 320;
/** Longest edge the rep's viewer asks for while it is open. */
export const VIEWER_EDGE_PX = 1280;
/** Bounds of a frame's longest edge that either side may ask for or announce. */
export const MIN_SCREEN_EDGE_PX = 64;
export const MAX_SCREEN_EDGE_PX = 1920;
/** Largest captured screen a customer may announce (its real size, before scaling). */
export const MAX_CAPTURE_EDGE_PX = 16_384;

const edge = v.pipe(v.number(), v.integer(), v.minValue(MIN_SCREEN_EDGE_PX), v.maxValue(MAX_SCREEN_EDGE_PX));
const captureSide = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_CAPTURE_EDGE_PX));
const shareId = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,32}$/));

export const SCREEN_SHARE_SCHEMAS = {
  /** Rep asks to see the screen. @example { type: 'screen-request' } */
  'screen-request': v.object({ type: v.literal('screen-request') }),
  /** Customer's answer to the prompt. @example { type: 'screen-answer', accepted: false } */
  'screen-answer': v.object({ type: v.literal('screen-answer'), accepted: v.boolean() }),
  /**
   * Customer is sharing: sent when sharing starts, on every new link, and in answer to
   * `screen-size`. `shareId` names one sharing (from the picker to Stop); `width`/`height`
   * are the captured screen's own size; frames are `mime` and fit in `maxEdge` × `maxEdge`.
   * @example { type: 'screen-started', shareId: 'k2J9', width: 1920, height: 1080, mime: 'image/jpeg', maxEdge: 320 }
   */
  'screen-started': v.object({
    type: v.literal('screen-started'),
    shareId,
    width: captureSide,
    height: captureSide,
    mime: v.picklist(SCREEN_IMAGE_TYPES),
    maxEdge: edge,
  }),
  /**
   * Rep asks for frames that fit in `maxEdge` × `maxEdge` (larger while the viewer is open)
   * and for the customer's current state: the answer is `screen-started` while sharing,
   * `screen-stopped` when not (and nothing while the customer is still deciding).
   * @example { type: 'screen-size', maxEdge: 1280 }
   */
  'screen-size': v.object({ type: v.literal('screen-size'), maxEdge: edge }),
  /** Sharing ended; `by` is the side that ended it. @example { type: 'screen-stopped', by: 'customer' } */
  'screen-stopped': v.object({ type: v.literal('screen-stopped'), by: v.picklist(['rep', 'customer']) }),
} as const;
