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
  });

  it.each([
    ['not an object', 'getPageConfig'],
    ['a missing field', { protocol: PROTOCOL_TAG, type: 'getCard', payload: {} }],
    ['an extra field', envelope('getCard', { entityId: 'ice', extra: 1 })],
    ['a wrong type', envelope('setSiteEnabled', { site: 'ktvu.com', enabled: 'no' })],
    ['an empty string', envelope('getCard', { entityId: '' })],
    ['an overlong string', envelope('getPageConfig', { site: 'x'.repeat(254) })],
    ['an array payload', envelope('getPageStats', [])],
    ['a null payload', envelope('getPageStats', null)],
    ['another protocol', { protocol: 'other/1', type: 'getCard', payload: { entityId: 'ice' } }],
    ['an unknown request', envelope('deleteEverything', {})],
    ['a prototype member as the request', envelope('constructor', {})],
    ['a request meant for the other side', envelope('getPageStats', {})],
  ])('refuses %s', (_what, message) => {
    expect(parseEnvelope(backgroundRequests, message)).toBeNull();
  });
});
