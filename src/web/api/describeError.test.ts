import { describe, expect, it } from 'vitest';
import type { TFunction } from '../i18n/I18nProvider.tsx';
import { en } from '../i18n/en.ts';
import { translate } from '../i18n/translate.ts';
import { describeError } from './describeError.ts';
import { ApiError } from './errors.ts';

const t: TFunction = (key, params) => translate([en], 'en', key, params);

describe('describeError', () => {
  it('tells a busy server (nothing was done) from a failing one', () => {
    expect(describeError(new ApiError(503, 'busy', 'Tandem is busy. Try again in a moment.'), t)).toBe(en['error.busy']);
    expect(describeError(new ApiError(503, 'unavailable', 'Down for maintenance'), t)).toBe(en['error.server']);
    expect(describeError(new ApiError(500, 'internal_error', 'Something went wrong'), t)).toBe(en['error.server']);
  });

  it('names too many attempts and lost connections in the person’s words', () => {
    expect(describeError(new ApiError(429, 'too_many_requests', 'Slow down'), t)).toBe(en['error.tooManyRequests']);
    expect(describeError(new ApiError(0, 'network_error', 'The server could not be reached'), t)).toBe(en['error.network']);
  });
});
