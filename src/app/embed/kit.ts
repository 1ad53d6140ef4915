// The embed's code, as one lazily loaded module: a page that is not embedded never loads it
// (it is not in the JS before the composer). src/boot.ts imports it when `?embed=` asks.
export { embedActions } from './actions';
export { bootEmbed, startEmbed, type EmbedBoot, type EmbedStartup } from './boot-embed';
export { createEmbed } from './embed';
export { embedFromLocation } from './from-location';
export { EmbedSettingsStore } from './settings-store';
