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

  // Messages from the host: only from the parent window, only from its allowed origin; C++
  // checks the envelope (flow/host_events.h parse_from_host) and ignores everything else.
  function listen() {
    window.addEventListener('message', function (e) {
      if (!target || e.source !== window.parent || e.origin !== target) return;
      var text;
      try { text = JSON.stringify(e.data); } catch (err) { return; }
      if (typeof text !== 'string' || text.length > 65536) return;
      var n = lengthBytesUTF8(text), p = _kit_scratch(n);
      stringToUTF8(text, p, n + 1);
      _kit_host_message();
    });
  }

  function post(json) {
    if (!target) return false;
    window.parent.postMessage(JSON.parse(json), target);
    return true;
  }

  return { init: function () { init(); listen(); }, post: post };
})();
