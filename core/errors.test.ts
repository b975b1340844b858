import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SETTING_NAMES } from './config';
import { ERROR_CODES, ServiceError } from './errors';

describe('the error catalogue', () => {
  it('gives an error the status of its code', () => {
    const error = new ServiceError('BODY_TOO_LARGE', 'The request body is too large.');

    expect(error.status).toBe(413);
    expect(error.code).toBe('BODY_TOO_LARGE');
  });

  it("agrees with the statuses the README's Errors paragraph gives its codes", () => {
    const readme = readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
    const start = readme.indexOf('Errors always read');
    const paragraph = readme.slice(start, readme.indexOf('\n\n', start));
    // Each code belongs to the status written last before it: "413 `A`, `B` or `C`".
    const stated: Record<string, number> = {};
    let status = Number.NaN;
    for (const [, number, code] of paragraph.matchAll(/\b(\d{3})\b|`([A-Z][A-Z_]+)`/g)) {
      if (number) status = Number(number);
      else if (!SETTING_NAMES.includes(code!)) stated[code!] = status;
    }

    expect(Object.keys(stated).length).toBeGreaterThanOrEqual(10);
    expect(stated).toEqual(
      Object.fromEntries(
        Object.keys(stated).map((code) => [code, ERROR_CODES[code as 'INTERNAL']]),
      ),
    );
  });
});
