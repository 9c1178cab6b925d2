import { describe, expect, it } from 'vitest';
import { parseStartRequest } from '../../../../client/rep/startLink.js';
import { MAX_NAME_CHARS, MAX_REFERENCE_CHARS } from '../../../../protocol/limits.js';

describe('parseStartRequest', () => {
  it('reads the reference and the customer name', () => {
    expect(parseStartRequest('?start=1&ref=TICKET-42&customer=Ana')).toEqual({ reference: 'TICKET-42', customer: 'Ana' });
    expect(parseStartRequest('?start=1')).toEqual({});
    expect(parseStartRequest('?start=1&ref=%20%20&customer=Jos%C3%A9%20Li')).toEqual({ customer: 'José Li' });
  });

  it('is null unless the link asks to start', () => {
    expect(parseStartRequest('')).toBeNull();
    expect(parseStartRequest('?ref=TICKET-42')).toBeNull();
    expect(parseStartRequest('?start=yes&ref=T')).toBeNull();
  });

  it('cuts long values and drops control characters', () => {
    const parsed = parseStartRequest(`?start=1&ref=${'R'.repeat(500)}&customer=${'N'.repeat(500)}%0A%0Dx`);
    expect(parsed?.reference).toHaveLength(MAX_REFERENCE_CHARS);
    expect(parsed?.customer).toHaveLength(MAX_NAME_CHARS);
    expect(parseStartRequest('?start=1&customer=a%00b%1Fc')?.customer).toBe('a b c');
  });
});
