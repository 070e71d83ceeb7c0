/**
 * The app's version, shown in Settings and on `window.arw`. Kept as a constant (not
 * read from package.json at run time) so the bundle carries no manifest; a unit test
 * keeps it equal to package.json's version.
 */
export const APP_VERSION = '0.1.0';
