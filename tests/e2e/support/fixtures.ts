import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../../scripts/lib/browsers';
import { serveDirectories, type StaticServer } from '../../../scripts/lib/serve';

/** A news domain from the default list: pages served under it get the real match patterns. */
export const NEWS_HOST = 'www.ktvu.com';
/** A domain that is not on the list: Backstory must not run there. */
export const OTHER_HOST = 'www.example.org';

/** Files the tests write while they run: set files served as subscriptions. */
export const SUBSCRIPTIONS_DIR = mkdtempSync(join(tmpdir(), 'backstory-subscriptions-'));

export function serveTestPages(): Promise<StaticServer> {
  return serveDirectories({
    '/': join(ROOT, 'demo'),
    '/fixtures/': join(ROOT, 'tests', 'fixtures', 'pages'),
    '/subscriptions/': SUBSCRIPTIONS_DIR,
  });
}

export const urlOf = (server: StaticServer, path: string, host = NEWS_HOST) => `http://${host}:${server.port}${path}`;

/** The entity names the demo article must show marked. */
export const DEMO_EXPECTED_MARKS = ['Oakland', 'ICE', 'HSI', 'Homeland Security Investigations'];

/** The bundled sets, as the options page lists them. */
export const BUNDLED_SET_IDS = ['bay-area-news', 'california-law', 'federal-immigration', 'oakland-civic'];

/**
 * Entities the demo article names: Oakland, its police department, city
 * council, mayor, police chief, two councilmembers, the Privacy Commission,
 * the sanctuary policy and the Aug. 16 operation; ICE, HSI and federal
 * human-trafficking law; the East Bay Express and KTVU.
 */
export const DEMO_ENTITY_COUNT = 15;

/** A fact and the source link of the ICE card, straight from the bundled set. */
export const ICE_FACT = 'Formed on March 1, 2003';
export const ICE_SOURCE_URL = 'https://www.ice.gov/about-ice';
export const ICE_SOURCE_TITLE = 'U.S. Immigration and Customs Enforcement: About ICE';
