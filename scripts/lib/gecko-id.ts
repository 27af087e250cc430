/** Firefox's id for Backstory (`browser_specific_settings.gecko.id`), shared by the build and the tests. */
export const GECKO_ID = 'backstory@backstory';
