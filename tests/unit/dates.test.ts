import { describe, expect, it } from 'vitest';
import { formatDay, formatSetDate } from '../../utils/format/dates';

describe('formatSetDate', () => {
  it('writes each precision the way a reader says it', () => {
    expect(formatSetDate('2016')).toBe('2016');
    expect(formatSetDate('2016-11')).toBe('November 2016');
    expect(formatSetDate('2003-03-01')).toBe('March 1, 2003');
  });

  it('never moves a date by a time zone', () => {
    expect(formatSetDate('2018-01-16')).toBe('January 16, 2018');
    expect(formatSetDate('2017-12-31')).toBe('December 31, 2017');
  });

  it('writes a date in the interface’s language when given it', () => {
    expect(formatSetDate('2016-11', 'es')).toBe('noviembre de 2016');
    expect(formatSetDate('2003-03-01', 'es-MX')).toBe('1 de marzo de 2003');
    expect(formatDay('2026-03-14', 'es')).toMatch(/^14 mar/);
    expect(formatDay('2026-03-14', 'en-US')).toBe('Mar 14');
  });

  it('returns text it cannot read unchanged', () => {
    expect(formatSetDate('soon')).toBe('soon');
  });
});
