/** File sizes as people read them: 1024-based, one decimal past a kibibyte (`48.2 KiB`). */
const UNITS = ['KiB', 'MiB', 'GiB', 'TiB'] as const;

export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${UNITS[unit]}`;
}
