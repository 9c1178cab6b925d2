import { describe, expect, it } from 'vitest';
import { PIXEL_CHANGE_TOLERANCE, pictureChanged } from '../../../../client/screen/pictureChanged.js';

const picture = (value: number, length = 64) => new Uint8ClampedArray(length).fill(value);

describe('pictureChanged', () => {
  it('says changed when there is no earlier picture or its size differs', () => {
    expect(pictureChanged(null, picture(10))).toBe(true);
    expect(pictureChanged(picture(10, 64), picture(10, 128))).toBe(true);
  });

  it('says unchanged for identical pixels and for jitter within the tolerance', () => {
    expect(pictureChanged(picture(10), picture(10))).toBe(false);
    expect(pictureChanged(picture(10), picture(10 + PIXEL_CHANGE_TOLERANCE))).toBe(false);
    expect(pictureChanged(picture(10), picture(10 - PIXEL_CHANGE_TOLERANCE))).toBe(false);
  });

  it('notices a single channel of a single pixel changing beyond the tolerance', () => {
    const next = picture(10);
    next[37] = 10 + PIXEL_CHANGE_TOLERANCE + 1;
    expect(pictureChanged(picture(10), next)).toBe(true);
    next[37] = 10 - PIXEL_CHANGE_TOLERANCE - 1;
    expect(pictureChanged(picture(10), next)).toBe(true);
  });
});
