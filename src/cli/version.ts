// Defined by tsup from package.json (tsup.config.ts); run from source, there is none.
declare const __MEMOGRAD_VERSION__: string | undefined;

/** memograd's version, as `memograd --version` and every command's `--version` print it. */
export const VERSION = typeof __MEMOGRAD_VERSION__ === 'string' ? __MEMOGRAD_VERSION__ : '0.0.0-source';
