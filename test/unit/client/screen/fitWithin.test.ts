import { describe, expect, it } from 'vitest';
import { fitWithin } from '../../../../client/screen/fitWithin.js';

describe('fitWithin', () => {
  it('scales a landscape screen to the box width, keeping proportions', () => {
    expect(fitWithin(1920, 1080, 320)).toEqual({ width: 320, height: 180 });
    expect(fitWithin(1280, 720, 1280)).toEqual({ width: 1280, height: 720 });
  });

  it('scales a portrait screen to the box height', () => {
    expect(fitWithin(1080, 2400, 320)).toEqual({ width: 144, height: 320 });
  });

  it('never enlarges a small screen', () => {
    expect(fitWithin(200, 100, 320)).toEqual({ width: 200, height: 100 });
  });

  it('gives zero for a screen with no picture yet', () => {
    expect(fitWithin(0, 0, 320)).toEqual({ width: 0, height: 0 });
  });
});
