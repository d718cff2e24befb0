// Executes the widget's effects in the browser: API calls with emscripten_fetch (same origin as
// the page), timers, messages to the host page, navigation. Results come back as actions.
#include "platform.h"
#include <emscripten.h>
#include <emscripten/fetch.h>
#include <cstring>
#include <string>
#include <vector>

namespace fk::web {
namespace {

struct pending_fetch {
    std::string tag;
    std::vector<std::string> header_storage;
    std::vector<const char*> headers;
    std::string body;
};

void finished(emscripten_fetch_t* f) {
    auto* p = static_cast<pending_fetch*>(f->userData);
    http_response r;
    r.status = f->status;  // 0 when the request never got an answer
    if (f->data && f->numBytes > 0) r.body.assign(f->data, (size_t)f->numBytes);
    dispatch(api_result{p->tag, std::move(r)});
    delete p;
    emscripten_fetch_close(f);
}

void fetch(const api_call& call) {
    auto* p = new pending_fetch{call.tag, {}, {}, call.request.body};
    for (const auto& [k, v] : call.request.headers) {
        p->header_storage.push_back(k);
        p->header_storage.push_back(v);
    }
    for (const auto& s : p->header_storage) p->headers.push_back(s.c_str());
    p->headers.push_back(nullptr);
    emscripten_fetch_attr_t attr;
    emscripten_fetch_attr_init(&attr);
    std::strncpy(attr.requestMethod, call.request.method.c_str(), sizeof attr.requestMethod - 1);
    attr.attributes = EMSCRIPTEN_FETCH_LOAD_TO_MEMORY;
    attr.requestHeaders = p->headers.data();
    if (!p->body.empty()) {
        attr.requestData = p->body.data();
        attr.requestDataSize = p->body.size();
    }
    attr.timeoutMSecs = 20000;
    attr.userData = p;
    attr.onsuccess = finished;
    attr.onerror = finished;
    emscripten_fetch(&attr, call.request.path.c_str());
}

struct pending_timer {
    std::string tag;
};
void timer_done(void* user) {
    auto* t = static_cast<pending_timer*>(user);
    dispatch(timer_fired{t->tag});
    delete t;
}

}  // namespace

EM_JS(void, js_post_to_host, (const char* json), { FlowkitHost.post(UTF8ToString(json)); });
EM_JS(void, js_navigate, (const char* url), {
  // Inside a sandboxed iframe top navigation needs allow-top-navigation-by-user-activation;
  // fall back to opening a new tab when it is refused. Wait 250 ms first: the messages posted
  // just before (flow_completed, redirect) must reach the host before its page unloads. The
  // click's user activation lasts ~5 s, so the navigation is still allowed then.
  var u = UTF8ToString(url);
  setTimeout(function () {
    try { window.top.location.href = u; } catch (e) { window.open(u, '_blank', 'noopener'); }
  }, 250);
});

EM_JS(void, js_keep_session, (const char* flow_id, const char* token), {
  try {  // sessionStorage: this tab only, gone with it; a private mode that refuses it just reloads fresh
    var k = 'flowkit:' + UTF8ToString(flow_id), t = UTF8ToString(token);
    var s = window['sessionStorage'];
    if (t) s.setItem(k, t); else s.removeItem(k);
  } catch (e) {}
});

void execute(const effect& e) {
    if (auto* call = std::get_if<api_call>(&e)) fetch(*call);
    else if (auto* msg = std::get_if<post_to_host>(&e)) js_post_to_host(msg->message.c_str());
    else if (auto* t = std::get_if<start_timer>(&e)) emscripten_async_call(timer_done, new pending_timer{t->tag}, (int)t->delay_ms);
    else if (auto* nav = std::get_if<navigate>(&e)) js_navigate(nav->url.c_str());
    else if (auto* k = std::get_if<keep_session>(&e)) js_keep_session(k->flow_id.c_str(), k->token.c_str());
}

}  // namespace fk::web
