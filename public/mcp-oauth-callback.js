// The MCP OAuth callback page (see mcp-oauth-callback.html). Mirrors src/mcp/oauth/popup.ts
// (parseOAuthCallback + handleOAuthCallbackPage): same channel name, same message shape. Plain
// script so the window needs none of the app's code.
(function () {
  var url = new URL(location.href);
  var source =
    url.searchParams.has('code') || url.searchParams.has('error') ? url.searchParams : new URLSearchParams(url.hash.slice(1));
  var params = {};
  [
    ['code', 'code'],
    ['state', 'state'],
    ['error', 'error'],
    ['error_description', 'errorDescription'],
  ].forEach(function (pair) {
    var value = source.get(pair[0]);
    if (value) params[pair[1]] = value;
  });
  var status = document.getElementById('status');
  try {
    var channel = new BroadcastChannel('tidepool-mcp-oauth');
    channel.postMessage({ type: 'mcp-oauth-callback', params: params });
    channel.close();
  } catch (error) {
    status.textContent = 'This browser could not pass the sign-in back to Tidepool: ' + error;
    return;
  }
  // The text stays only if the browser refuses to close a window the page did not open itself.
  status.textContent = params.error
    ? 'Sign-in was refused (' + params.error + '). You can close this window.'
    : 'Signed in. You can close this window.';
  window.close();
})();
