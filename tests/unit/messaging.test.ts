import { describe, expect, it } from 'vitest';
import { parseEnvelope } from '../../utils/messaging/channel';
import { PROTOCOL_TAG, backgroundRequests, tabRequests } from '../../utils/messaging/protocol';

const envelope = (type: string, payload: unknown) => ({ protocol: PROTOCOL_TAG, type, payload });

describe('parseEnvelope', () => {
  it('accepts each request in its exact shape', () => {
    expect(parseEnvelope(backgroundRequests, envelope('getPageConfig', { site: 'ktvu.com' }))).toEqual({
      type: 'getPageConfig',
      payload: { site: 'ktvu.com' },
    });
    expect(parseEnvelope(backgroundRequests, envelope('setSiteEnabled', { site: 'ktvu.com', enabled: false }))).not.toBeNull();
    expect(parseEnvelope(tabRequests, envelope('getPageStats', {}))).not.toBeNull();
    expect(parseEnvelope(tabRequests, envelope('setsChanged', {}))).not.toBeNull();
    expect(parseEnvelope(tabRequests, envelope('listMentions', {}))).not.toBeNull();
    expect(parseEnvelope(backgroundRequests, envelope('getCard', { entityKey: 'federal-immigration/ice', published: '' }))).not.toBeNull();
    expect(parseEnvelope(backgroundRequests, envelope('getCard', { entityKey: 'federal-immigration/ice', published: '2017-12-06' }))).not.toBeNull();
    expect(parseEnvelope(backgroundRequests, envelope('setsOf', { entityKeys: ['federal-immigration/ice', 'federal-immigration/hsi'] }))).not.toBeNull();
    expect(parseEnvelope(backgroundRequests, envelope('setsOf', { entityKeys: [] }))).not.toBeNull();
    expect(parseEnvelope(backgroundRequests, envelope('importSet', { text: '{"formatVersion": 1}' }))).not.toBeNull();
    expect(parseEnvelope(backgroundRequests, envelope('setSetEnabled', { setId: 'federal-immigration', enabled: false }))).not.toBeNull();
  });

  it.each([
    ['not an object', 'getPageConfig'],
    ['a missing field', { protocol: PROTOCOL_TAG, type: 'getCard', payload: {} }],
    ['an extra field', envelope('getCard', { entityKey: 'federal-immigration/ice', published: '', extra: 1 })],
    ['a page date that is not a date', envelope('getCard', { entityKey: 'federal-immigration/ice', published: 'yesterday' })],
    ['a wrong type', envelope('setSiteEnabled', { site: 'ktvu.com', enabled: 'no' })],
    ['an empty string', envelope('getCard', { entityKey: '' })],
    ['an overlong string', envelope('getPageConfig', { site: 'x'.repeat(254) })],
    ['an array payload', envelope('getPageStats', [])],
    ['a null payload', envelope('getPageStats', null)],
    ['another protocol', { protocol: 'other/1', type: 'getCard', payload: { entityKey: 'federal-immigration/ice' } }],
    ['an unknown request', envelope('deleteEverything', {})],
    ['a prototype member as the request', envelope('constructor', {})],
    ['a request meant for the other side', envelope('getPageStats', {})],
    ['a list that is not one', envelope('setsOf', { entityKeys: 'ice' })],
    ['a list with a non-string', envelope('setsOf', { entityKeys: ['ice', 7] })],
    ['a list past its limit', envelope('setsOf', { entityKeys: Array.from({ length: 10_001 }, () => 'ice') })],
    ['a set file past the size limit', envelope('importSet', { text: 'x'.repeat(5 * 1024 * 1024 + 1) })],
    ['an empty set file', envelope('importSet', { text: '' })],
  ])('refuses %s', (_what, message) => {
    expect(parseEnvelope(backgroundRequests, message)).toBeNull();
  });
});
