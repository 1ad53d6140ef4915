// The script every previewed page gets first in its head: it reports to the app the page's
// location and its errors (uncaught errors, rejections, console.error). Under a Content-Security-
// Policy the inline preview's document inherits the app's policy, which allows this script by its
// hash (vite-csp.ts) and nothing else inline; the hook then says why the page's own scripts and
// styles did not run, once per directive.
export const PREVIEW_HOOK_SCRIPT = `(function(){var send=function(d){d.tidepoolPreview=true;try{parent.postMessage(d,'*')}catch(e){}};var post=function(m){send({message:String(m)})};
send({location:location.pathname+location.search+location.hash});
addEventListener('error',function(e){post(e.message||('Failed to load '+((e.target&&(e.target.src||e.target.href))||'a resource')))},true);
addEventListener('unhandledrejection',function(e){post('Unhandled rejection: '+(e.reason&&e.reason.message||e.reason))});
var seen={};addEventListener('securitypolicyviolation',function(e){var d=e.effectiveDirective||e.violatedDirective;if(seen[d])return;seen[d]=1;post('Blocked by Tidepool\\u2019s Content-Security-Policy ('+d+'): the inline preview runs no inline scripts or styles of the page here. A preview origin (VITE_PREVIEW_ORIGIN) runs them.')});
var ce=console.error;console.error=function(){post([].map.call(arguments,String).join(' '));return ce.apply(console,arguments)};})();`;

export const PREVIEW_HOOK = `<script>${PREVIEW_HOOK_SCRIPT}</script>`;
