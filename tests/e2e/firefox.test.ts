/** End to end in real Firefox: the build in `.output/firefox-mv2`, installed as a temporary add-on. */
import { FirefoxDriver } from './support/firefox-driver';
import { describeExtension } from './support/suite';

describeExtension(new FirefoxDriver());
