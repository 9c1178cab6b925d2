/** The customer's OS and browser, named as a support rep would say them (pure, tested). */
export interface Platform {
  readonly os: string;
  readonly browser: string;
}

const OS_RULES: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/Windows NT 10\.0/, () => 'Windows 10 or 11'],
  [/Windows NT 6\.3/, () => 'Windows 8.1'],
  [/Windows NT 6\.1/, () => 'Windows 7'],
  [/Windows/, () => 'Windows'],
  [/CrOS/, () => 'ChromeOS'],
  [/Android (\d+(?:\.\d+)?)/, (m) => `Android ${m[1]}`],
  [/(?:iPhone|iPad|iPod).*? OS (\d+)[_.](\d+)/, (m) => `iOS ${m[1]}.${m[2]}`],
  [/Mac OS X (\d+)[_.](\d+)/, (m) => `macOS ${m[1]}.${m[2]}`],
  [/Macintosh/, () => 'macOS'],
  [/Linux/, () => 'Linux'],
];

const BROWSER_RULES: [RegExp, string][] = [
  [/Edg(?:e|A|iOS)?\/(\d+)/, 'Edge'],
  [/OPR\/(\d+)/, 'Opera'],
  [/SamsungBrowser\/(\d+)/, 'Samsung Internet'],
  [/Firefox\/(\d+)/, 'Firefox'],
  [/FxiOS\/(\d+)/, 'Firefox'],
  [/CriOS\/(\d+)/, 'Chrome'],
  [/(?:Chromium)\/(\d+)/, 'Chromium'],
  [/Chrome\/(\d+)/, 'Chrome'],
  [/Version\/(\d+)(?:\.\d+)*.*Safari\//, 'Safari'],
];

export function detectPlatform(userAgent: string): Platform {
  let os = 'Unknown';
  for (const [pattern, name] of OS_RULES) {
    const match = userAgent.match(pattern);
    if (match) {
      os = name(match);
      break;
    }
  }
  let browser = 'Unknown';
  for (const [pattern, name] of BROWSER_RULES) {
    const match = userAgent.match(pattern);
    if (match) {
      browser = `${name} ${match[1]}`;
      break;
    }
  }
  return { os, browser };
}
