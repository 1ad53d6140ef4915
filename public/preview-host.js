// The preview relay's script (see preview-host.html). It talks to one page only: the Tidepool app
// it was built for. Any other page that frames it gets no worker, no requests and no answers, so
// no other site can serve pages on the preview origin or read what its previews ask for.
(function () {
  // Written in at build time from VITE_APP_ORIGIN (vite-preview-origin.ts). Empty means the
  // loopback rule: the app is on this host one port below, as `vite` and `vite preview` serve it.
  var BUILT_FOR = /* tidepool:app-origin */ '';
  var app = BUILT_FOR || loopbackApp();
  var id = new URLSearchParams(location.search).get('id');
  if (!id || parent === window) return;
  // Where the browser says who framed us (Chromium, Safari), refuse anyone else up front; everywhere,
  // every message is addressed to the app's origin, so the browser drops it for any other parent.
  var framer = location.ancestorOrigins && location.ancestorOrigins[0];
  if (!app || (framer && framer !== app)) {
    document.body.textContent = 'This preview relay answers only ' + (app || 'the Tidepool app it was built for') + '.';
    return;
  }

  function loopbackApp() {
    if (!/^(localhost|127\.0\.0\.1|\[::1\])$/.test(location.hostname) || !location.port) return '';
    return location.protocol + '//' + location.hostname + ':' + (Number(location.port) - 1);
  }

  var tell = function (message, transfer) {
    message.id = id;
    parent.postMessage(message, app, transfer || []);
  };
  if (!('serviceWorker' in navigator))
    return tell({ type: 'tidepool-preview-failed', reason: 'service workers are unavailable in this browser (private mode?)' });
  navigator.serviceWorker.addEventListener('message', function (event) {
    var data = event.data;
    if (data && data.type === 'tidepool-preview-request' && data.port)
      tell({ type: 'tidepool-preview-request', path: String(data.path) }, [data.port]);
  });
  navigator.serviceWorker.startMessages();
  navigator.serviceWorker.register('/preview-sw.js', { scope: '/', updateViaCache: 'none' }).then(
    function (registration) {
      var worker = registration.active || registration.waiting || registration.installing;
      if (worker.state === 'activated') return tell({ type: 'tidepool-preview-ready' });
      worker.addEventListener('statechange', function () {
        if (worker.state === 'activated') tell({ type: 'tidepool-preview-ready' });
        if (worker.state === 'redundant') tell({ type: 'tidepool-preview-failed', reason: 'the preview service worker failed to install' });
      });
    },
    function (error) {
      tell({
        type: 'tidepool-preview-failed',
        reason: 'the preview service worker could not register: ' + (error && error.message ? error.message : String(error)),
      });
    },
  );
})();
