import { describe, expect, it } from 'vitest';
import { detectPlatform } from '../../../../client/join/detectPlatform.js';

/** User-agent strings as the browsers send them. */
const UA = {
  chromeWindows10:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  edgeWindows:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86',
  firefoxLinux: 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
  safariMac:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15',
  safariIphoneIos17:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1',
  chromeAndroid14:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.144 Mobile Safari/537.36',
  samsungInternet:
    'Mozilla/5.0 (Linux; Android 13; SAMSUNG SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36',
  chromiumLinux:
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Ubuntu Chromium/83.0.4103.61 Chrome/83.0.4103.61 Safari/537.36',
  chromeOs:
    'Mozilla/5.0 (X11; CrOS x86_64 15633.69.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
} as const;

describe('detectPlatform', () => {
  it('names Chrome on Windows 10', () => {
    expect(detectPlatform(UA.chromeWindows10)).toEqual({ os: 'Windows 10 or 11', browser: 'Chrome 131' });
  });

  it('names Edge, not Chrome, on Windows', () => {
    expect(detectPlatform(UA.edgeWindows)).toEqual({ os: 'Windows 10 or 11', browser: 'Edge 131' });
  });

  it('names Firefox on Linux', () => {
    expect(detectPlatform(UA.firefoxLinux)).toEqual({ os: 'Linux', browser: 'Firefox 133' });
  });

  it('names Safari on macOS by its Version/ number, not its WebKit build', () => {
    // Safari freezes the macOS version in its user agent at 10_15_7, whatever the real version.
    expect(detectPlatform(UA.safariMac)).toEqual({ os: 'macOS 10.15', browser: 'Safari 17' });
  });

  it('names Safari on an iPhone as iOS, not macOS', () => {
    expect(detectPlatform(UA.safariIphoneIos17)).toEqual({ os: 'iOS 17.4', browser: 'Safari 17' });
  });

  it('names Chrome on Android 14 as Android, not Linux', () => {
    expect(detectPlatform(UA.chromeAndroid14)).toEqual({ os: 'Android 14', browser: 'Chrome 120' });
  });

  it('names Samsung Internet rather than the Chrome it is built on', () => {
    expect(detectPlatform(UA.samsungInternet)).toEqual({ os: 'Android 13', browser: 'Samsung Internet 23' });
  });

  it('names Chromium rather than Chrome when the user agent says Chromium', () => {
    expect(detectPlatform(UA.chromiumLinux)).toEqual({ os: 'Linux', browser: 'Chromium 83' });
  });

  it('names ChromeOS rather than Linux', () => {
    expect(detectPlatform(UA.chromeOs)).toEqual({ os: 'ChromeOS', browser: 'Chrome 131' });
  });

  it('says Unknown for both when the user agent is empty', () => {
    expect(detectPlatform('')).toEqual({ os: 'Unknown', browser: 'Unknown' });
  });

  it('says Unknown for both when the user agent is not a browser', () => {
    expect(detectPlatform('curl/8.5.0')).toEqual({ os: 'Unknown', browser: 'Unknown' });
  });
});
