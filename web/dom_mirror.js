// DOM mirror (linked with --pre-js: shares scope with the Emscripten runtime and the exported
// _kit_* functions). After a frame whose items changed, C++ calls DomMirror.sync(encoded): every
// item becomes a real, invisible DOM element over the canvas, with its role and accessible name.
// The DOM owns focus, typing, IME, autofill, paste and clicks; each event is handed to C++
// (kit::input) and applied by the next frame. ImGui only draws.
var DomMirror = (function () {
  var root = null, canvas = null, byId = new Map(), lastSync = '';
  // field_kind (steps/ui/kit.h) -> <input> attributes. Quoted keys: closure must not rename them.
  // type=email/number are avoided: they have no selectionStart/End; inputmode gives the keyboard.
  var KINDS = [
    { 'type': 'text' },
    { 'type': 'text', 'autocomplete': 'name', 'autocapitalize': 'words' },
    { 'type': 'text', 'inputmode': 'email', 'autocomplete': 'email', 'autocapitalize': 'off', 'spellcheck': 'false' },
    { 'type': 'tel', 'inputmode': 'tel', 'autocomplete': 'tel' },
    { 'type': 'text', 'inputmode': 'numeric', 'autocomplete': 'one-time-code', 'autocapitalize': 'off', 'spellcheck': 'false' },
    { 'type': 'text', 'inputmode': 'numeric', 'autocapitalize': 'off', 'spellcheck': 'false' },
    { 'type': 'password', 'inputmode': 'numeric', 'autocomplete': 'off', 'autocapitalize': 'off', 'spellcheck': 'false' },
    { 'type': 'text', 'inputmode': 'decimal', 'autocomplete': 'off', 'spellcheck': 'false' },
    { 'type': 'text', 'autocomplete': 'street-address' },
    { 'type': 'text', 'autocomplete': 'address-level2' },
    { 'type': 'text', 'autocomplete': 'postal-code' },
    { 'type': 'text', 'inputmode': 'numeric', 'autocomplete': 'bday' },
    { 'type': 'text', 'inputmode': 'numeric', 'autocomplete': 'postal-code' },
  ];
  var K_AMOUNT = 7;
  var F_ENABLED = 1, F_CHECKED = 2, F_PRIMARY = 4, F_INVALID = 8, F_AUTOFOCUS = 16, F_CANCEL = 32, F_FOCUS = 64;

  function u8len(s) { return lengthBytesUTF8(s); }
  function selBytes(el) {
    var v = el.value, s = el.selectionStart, e = el.selectionEnd;
    if (s == null) { s = e = v.length; }
    return [u8len(v.slice(0, s)), u8len(v.slice(0, e))];
  }
  function sendInput(el) {
    var v = el.value, n = u8len(v), p = _kit_scratch(n);
    stringToUTF8(v, p, n + 1);
    var sel = selBytes(el);
    el.mSel = sel[0] + ':' + sel[1];
    _kit_on_input(el.mId, sel[0], sel[1]);
  }
  function sendSel(el) {
    if (!el || el.mRole !== 't') return;
    var sel = selBytes(el), key = sel[0] + ':' + sel[1];
    if (key === el.mSel) return;
    el.mSel = key;
    _kit_on_select(el.mId, sel[0], sel[1]);
  }
  function onFocus(e) {
    var el = e.target, on = e.type === 'focus';
    _kit_on_focus(el.mId, on ? 1 : 0, on && el.matches(':focus-visible') ? 1 : 0);
    if (on && el.mKind === K_AMOUNT) el.select();  // typing replaces the amount, never appends to it
    if (on) sendSel(el);
  }

  function make(role, key, kind) {
    var wrap = document.createElement('div'), el;
    wrap.className = 'mw';
    if (role === 't') {
      var lab = document.createElement('label');
      el = document.createElement('input');
      el.id = 'm' + key;
      lab.htmlFor = el.id;
      lab.className = 'ml';
      var k = KINDS[kind] || KINDS[0];
      for (var a in k) el.setAttribute(a, k[a]);
      el.mKind = kind;
      el.addEventListener('input', function () { if (!el.mComposing) sendInput(el); });
      el.addEventListener('compositionstart', function () { el.mComposing = true; });
      el.addEventListener('compositionend', function () { el.mComposing = false; sendInput(el); });
      ['select', 'keyup', 'pointerup'].forEach(function (t) { el.addEventListener(t, function () { sendSel(el); }); });
      wrap.appendChild(lab);
      wrap.mLabel = lab;
    } else if (role === 'b') {
      el = document.createElement('button');
      el.type = 'button';
      el.addEventListener('click', function () { _kit_on_click(el.mId); });
    } else if (role === 'c' || role === 'r') {
      el = document.createElement('input');
      el.type = role === 'c' ? 'checkbox' : 'radio';
      el.addEventListener('change', function () { _kit_on_check(el.mId, el.checked ? 1 : 0); });
    } else if (role === 'l') {
      var lab2 = document.createElement('label');
      el = document.createElement('select');
      el.id = 'm' + key;
      lab2.htmlFor = el.id;
      lab2.className = 'ml';
      el.addEventListener('change', function () { _kit_on_choose(el.mId, el.selectedIndex); });
      wrap.appendChild(lab2);
      wrap.mLabel = lab2;
    } else if (role === 'h') {
      el = document.createElement(kind === 2 ? 'h2' : 'h1');
      el.tabIndex = -1;  // focus moves here when the screen changes (announced by screen readers)
    } else {
      el = document.createElement('p');
      if (role === 's') { el.setAttribute('role', 'status'); el.setAttribute('aria-live', 'polite'); }
      if (role === 'a') { el.setAttribute('role', 'alert'); }
    }
    if (role === 't' || role === 'b' || role === 'c' || role === 'l' || role === 'r') {
      el.addEventListener('focus', onFocus);
      el.addEventListener('blur', onFocus);
    }
    el.className = 'm';
    el.id = 'm' + key;
    el.setAttribute('data-fk', key);  // the item's id, as in items() (tests match drawn and DOM rects)
    el.mId = parseInt(key, 16) | 0;
    el.mRole = role;
    wrap.appendChild(el);
    wrap.mEl = el;
    wrap.mPrev = {};
    return wrap;
  }

  function place(node, rect) {  // "x,y,w,h" in CSS px relative to the canvas
    var r = rect.split(','), s = node.style;
    s.left = r[0] + 'px'; s.top = r[1] + 'px'; s.width = r[2] + 'px'; s.height = r[3] + 'px';
  }

  // Record fields: id | role | kind | flags | maxlen | rect | label | value | hint | options(\x1d) |
  // label rect | described-by id
  function sync(str) {
    lastSync = str;
    var recs = str ? str.split('\x1e') : [], seen = new Set(), prev = null, focusMe = null, newHeading = null, focusNow = null;
    var hadFocus = root.contains(document.activeElement);
    // Remove the nodes that are gone first: otherwise the ordering pass below would move every
    // node after a removed one, and moving the focused field blurs it (typing would be lost).
    var keep = new Set(recs.map(function (r) { return r.slice(0, r.indexOf('\x1f')); }));
    byId.forEach(function (w, key) { if (!keep.has(key)) { w.remove(); byId.delete(key); } });
    for (var i = 0; i < recs.length; i++) {
      var f = recs[i].split('\x1f'), key = f[0], role = f[1];
      var w = byId.get(key);
      if (!w || w.mEl.mRole !== role) {
        if (w) w.remove();
        w = make(role, key, +f[2]);
        byId.set(key, w);
        if (+f[3] & F_AUTOFOCUS) focusMe = w.mEl;
        if (role === 'h' && +f[2] !== 2 && !newHeading) newHeading = w.mEl;
      }
      seen.add(key);
      // DOM order == ImGui submission order == Tab order. Never move a node needlessly: moving the
      // focused node would blur it.
      if (w.previousSibling !== prev || w.parentNode !== root) root.insertBefore(w, prev ? prev.nextSibling : root.firstChild);
      prev = w;
      var el = w.mEl, p = w.mPrev, flags = +f[3];
      if (p.rect !== f[5]) { place(el, f[5]); p.rect = f[5]; }
      if (p.label !== f[6]) {
        p.label = f[6];
        if (w.mLabel) w.mLabel.textContent = f[6];
        else if (role === 'c' || role === 'r') el.setAttribute('aria-label', f[6]);
        else el.textContent = f[6];
      }
      if (p.flags !== flags) {
        if ((flags & F_FOCUS) && !((p.flags | 0) & F_FOCUS)) focusNow = el;  // asked for now: focus, scroll to it
        p.flags = flags;
        if (role === 'b' || role === 't' || role === 'l') el.disabled = !(flags & F_ENABLED);
        if (role === 'b') el.classList.toggle('primary', !!(flags & F_PRIMARY));
        if (role === 'b') el.classList.toggle('cancel', !!(flags & F_CANCEL));
        if (role === 'c' || role === 'r') el.checked = !!(flags & F_CHECKED);
        if (role === 't' || role === 'l') el.setAttribute('aria-invalid', flags & F_INVALID ? 'true' : 'false');
      }
      if (w.mLabel && p.lrect !== f[10]) {  // the drawn label: tapping it focuses the field
        p.lrect = f[10];
        w.mLabel.classList.toggle('ml', !f[10]);
        w.mLabel.classList.toggle('mlr', !!f[10]);
        if (f[10]) place(w.mLabel, f[10]);
      }
      if (p.desc !== f[11]) {
        p.desc = f[11];
        if (f[11]) el.setAttribute('aria-describedby', 'm' + f[11]); else el.removeAttribute('aria-describedby');
      }
      if (role === 't') {
        if (p.hint !== f[8]) { p.hint = f[8]; el.placeholder = f[8]; }
        // No maxlength: the browser would cut a paste ("Code: 123456") before C++ filters it.
        // C++ rewrote the value (filter, format, reset): write it back, except during IME composition.
        if (el.value !== f[7] && !el.mComposing) {
          el.value = f[7];
          if (document.activeElement === el) { el.setSelectionRange(f[7].length, f[7].length); sendSel(el); }
        }
      } else if (role === 'l') {
        if (p.options !== f[9]) {
          p.options = f[9];
          el.textContent = '';
          f[9].split('\x1d').forEach(function (o) { var opt = document.createElement('option'); opt.textContent = o; el.appendChild(opt); });
        }
        if (el.selectedIndex !== +f[7]) el.selectedIndex = +f[7];
      }
    }
    if (byId.size !== seen.size) byId.forEach(function (w, key) { if (!seen.has(key)) { w.remove(); byId.delete(key); } });
    if (focusNow) {
      focusNow.focus({ preventScroll: true });
      focusNow.scrollIntoView({ block: 'center' });
    } else if (focusMe) focusMe.focus({ preventScroll: true });
    // The screen changed under the person's focus (the button they pressed is gone): focus the new
    // heading, so a screen reader says where they are and the page shows its top.
    else if (newHeading && hadFocus && !root.contains(document.activeElement)) newHeading.focus();
  }

  function toCanvas(e) {
    var r = canvas.getBoundingClientRect();
    _kit_pointer(e.clientX - r.left, e.clientY - r.top, e.buttons);
  }

  function init() {
    canvas = document.getElementById('canvas');
    root = document.getElementById('mirror');
    root.addEventListener('submit', function (e) { e.preventDefault(); });
    // Hover/pressed styling comes from window-level pointer events, so the DOM elements on top
    // of the canvas keep their native behaviour.
    ['pointermove', 'pointerdown', 'pointerup'].forEach(function (t) {
      window.addEventListener(t, toCanvas, { capture: true, passive: true });
    });
    window.addEventListener('wheel', function (e) { _kit_wheel(e.deltaY); }, { passive: true });
    window.addEventListener('resize', function () { _kit_request_frame(); });
    document.addEventListener('selectionchange', function () { sendSel(document.activeElement); });
    // Enter in a text field activates the primary button, as a form would; Escape cancels a form.
    root.addEventListener('keydown', function (e) {
      if (e.key === 'Escape') {
        var cancel = root.querySelector('button.cancel:not([disabled])');
        if (cancel) { e.preventDefault(); cancel.click(); }
        return;
      }
      if (e.key !== 'Enter' || e.target.tagName !== 'INPUT' || e.target.type === 'checkbox') return;
      var primary = root.querySelector('button.primary:not([disabled])');
      if (primary) { e.preventDefault(); primary.click(); }
    });
  }

  // The last drawn frame's items with their drawn rects (CSS px from the canvas's top-left), for
  // tests: [{id, role, label, x, y, w, h}].
  function items() {
    return (lastSync ? lastSync.split('\x1e') : []).map(function (r) {
      var f = r.split('\x1f'), b = f[5].split(',').map(Number);
      return { 'id': f[0], 'role': f[1], 'label': f[6], 'x': b[0], 'y': b[1], 'w': b[2], 'h': b[3] };
    });
  }

  return { sync: sync, init: init, items: items };
})();
