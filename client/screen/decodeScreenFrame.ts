/**
 * Turns a reassembled frame into a picture, only if it is what was negotiated: the image's
 * own header must say the agreed type and a size within the agreed bounds before the
 * browser's decoder sees it, and the decoded picture must match that header.
 */
import { err, ok, type Result } from '../../protocol/result.js';
import { readScreenImageHeader } from '../../protocol/screenImage.js';
import type { ScreenImageType } from '../../protocol/screenShare.js';

export interface FrameExpectation {
  readonly mime: ScreenImageType;
  /** Neither side of the picture may be longer. */
  readonly maxEdge: number;
}

export type FrameRefusal = 'unknown-format' | 'wrong-type' | 'too-large' | 'undecodable';

export async function decodeScreenFrame(bytes: Uint8Array, expected: FrameExpectation): Promise<Result<ImageBitmap, FrameRefusal>> {
  const header = readScreenImageHeader(bytes);
  if (!header) return err('unknown-format');
  if (header.mime !== expected.mime) return err('wrong-type');
  if (header.width > expected.maxEdge || header.height > expected.maxEdge) return err('too-large');
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: header.mime }));
  } catch {
    return err('undecodable');
  }
  if (bitmap.width !== header.width || bitmap.height !== header.height) {
    bitmap.close();
    return err('undecodable');
  }
  return ok(bitmap);
}
