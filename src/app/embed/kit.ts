// The embed's code, as one lazily loaded module: a page that is not embedded never loads it
// (it is not in the JS before the composer). src/main.tsx imports it when `?embed=` asks.
export { embedActions } from './actions';
export { createEmbed } from './embed';
export { embedFromLocation } from './from-location';
export { EmbedSettingsStore } from './settings-store';
