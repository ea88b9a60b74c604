import pkg from '../package.json';

/** The app version, bundled in at build time so that it is right wherever the code runs from. */
export const APP_VERSION: string = pkg.version;
