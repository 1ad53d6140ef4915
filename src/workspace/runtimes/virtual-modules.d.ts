declare module 'virtual:tidepool-runtimes' {
  const urls: import('./runtime-assets').RuntimeAssetUrls;
  export default urls;
}
