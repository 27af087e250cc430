import { mkdtempSync, readFileSync } from 'node:fs';
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

/**
 * How a set server can fail mid-answer: never answer, drop the connection,
 * or send part of the body it announced and hang up.
 */
export type ServerFault = 'hang' | 'reset' | 'truncated';
const faults = new Map<string, ServerFault>();

/** Makes the test server fail on `path` (`null`: serve the file again). */
export function failOn(path: string, fault: ServerFault | null): void {
  if (fault) faults.set(path, fault);
  else faults.delete(path);
}

export function serveTestPages(): Promise<StaticServer> {
  return serveDirectories(
    {
      '/': join(ROOT, 'demo'),
      '/fixtures/': join(ROOT, 'tests', 'fixtures', 'pages'),
      '/subscriptions/': SUBSCRIPTIONS_DIR,
    },
    {
      intercept(path, request, response) {
        const fault = faults.get(path);
        if (fault === 'reset') request.socket.destroy();
        if (fault === 'truncated') {
          const body = readFileSync(join(SUBSCRIPTIONS_DIR, path.slice('/subscriptions/'.length)));
          response.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length, 'access-control-allow-origin': '*' });
          response.write(body.subarray(0, body.length >> 1));
          setTimeout(() => response.destroy(), 50);
        }
        // 'hang': the request stays open until the server closes.
        return fault !== undefined;
      },
    },
  );
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
