/** Host origins allowed to drive an embedded Tidepool, from TIDEPOOL_EMBED_ORIGINS at build time (vite-embed-sdk.ts). */
declare const __TIDEPOOL_EMBED_ORIGINS__: string[] | undefined;
