import { describe, expect, it } from 'vitest';
import { parseEnvelope } from '../../utils/messaging/channel';
import { PROTOCOL_TAG, backgroundRequests, tabRequests } from '../../utils/messaging/protocol';

const envelope = (type: string, payload: unknown) => ({ protocol: PROTOCOL_TAG, type, payload });
/** What a content script reports to the research log. */
const visit = (changes: Record<string, unknown> = {}) => ({
  loadedAt: 1_700_000_000_000.25,
  url: 'https://www.ktvu.com/news',
  title: 'ICE in Oakland',
  entities: [{ key: 'federal-immigration/ice', count: 2, texts: ['ICE'] }],
  ...changes,
});
const entity = (changes: Record<string, unknown>) => visit({ entities: [{ key: 'federal-immigration/ice', count: 2, texts: ['ICE'], ...changes }] });

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
    expect(parseEnvelope(backgroundRequests, envelope('logVisit', visit()))).not.toBeNull();
    expect(parseEnvelope(backgroundRequests, envelope('logVisit', visit({ title: '' })))).not.toBeNull();
    expect(parseEnvelope(backgroundRequests, envelope('setResearchLog', { enabled: true }))).not.toBeNull();
    expect(parseEnvelope(backgroundRequests, envelope('getResearchLog', {}))).not.toBeNull();
    expect(parseEnvelope(backgroundRequests, envelope('clearResearchLog', {}))).not.toBeNull();
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
    ['a visit without its load time', envelope('logVisit', visit({ loadedAt: undefined }))],
    ['a visit load time that is not a number', envelope('logVisit', visit({ loadedAt: Number.NaN }))],
    ['a visit with page text beyond its marks', envelope('logVisit', visit({ body: 'the whole article' }))],
    ['a visit title past its limit', envelope('logVisit', visit({ title: 'x'.repeat(501) }))],
    ['a visit address past its limit', envelope('logVisit', visit({ url: `https://a.example/${'x'.repeat(4_096)}` }))],
    ['a marked entity with a zero count', envelope('logVisit', entity({ count: 0 }))],
    ['a marked entity with a fractional count', envelope('logVisit', entity({ count: 1.5 }))],
    ['a marked text past its limit', envelope('logVisit', entity({ texts: ['x'.repeat(201)] }))],
    ['too many marked texts for one entity', envelope('logVisit', entity({ texts: Array.from({ length: 21 }, (_, i) => `t${i}`) }))],
    ['a marked entity with an extra field', envelope('logVisit', entity({ html: '<b>ICE</b>' }))],
    ['too many entities', envelope('logVisit', visit({ entities: Array.from({ length: 201 }, (_, i) => ({ key: `s/e${i}`, count: 1, texts: ['x'] })) }))],
    ['a research log switch that is not a boolean', envelope('setResearchLog', { enabled: 'yes' })],
  ])('refuses %s', (_what, message) => {
    expect(parseEnvelope(backgroundRequests, message)).toBeNull();
  });
});
