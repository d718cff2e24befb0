// Host bridge (linked with --pre-js). Messages go to the parent page only when there is one and
// its origin is one the sandbox allows (the page carries them in
// <meta name="flowkit-allowed-origins">); they are posted to that exact origin, never to '*'.
var FlowkitHost = (function () {
  var target = null;  // the parent's origin when it is allowed, else null (no messages)

  function parentOrigin() {
    try {
      if (location.ancestorOrigins && location.ancestorOrigins.length) return location.ancestorOrigins[0];
    } catch (e) {}
    try { if (document.referrer) return new URL(document.referrer).origin; } catch (e) {}
    return null;
  }

  function init() {
    if (window.parent === window) return;  // opened directly (a tapped SMS link): no host
    var meta = document.querySelector('meta[name="flowkit-allowed-origins"]');
    var allowed = meta ? meta.getAttribute('content').split(/\s+/).filter(Boolean) : [];
    var origin = parentOrigin();
    if (origin && allowed.indexOf(origin) >= 0) target = origin;
    else console.warn('flowkit: the embedding page (' + origin + ') is not an allowed origin; no messages will be sent');
  }

  function post(json) {
    if (!target) return false;
    window.parent.postMessage(JSON.parse(json), target);
    return true;
  }

  return { init: init, post: post };
})();
