// The widget page's main: an emscripten/html5.h platform layer (WebGL2, devicePixelRatio-aware
// fonts, pointer input from dom_mirror.js), render on demand, and the one run_frame() that applies
// queued actions, draws the app, syncs the DOM mirror and reports the height to the host.
#include "flow/flow.h"
#include "flow/host_events.h"
#include "font_data.h"
#include "imgui.h"
#include "imgui_impl_opengl3.h"
#include "platform.h"
#include "steps/app.h"
#include "steps/ui/i18n.h"
#include "steps/ui/kit.h"
#include "steps/ui/theme.h"
#include "flow/styles.h"
#include <GLES3/gl3.h>
#include <algorithm>
#include <cmath>
#include <deque>
#include <emscripten.h>
#include <emscripten/html5.h>

namespace fk::web {
namespace {

const char* k_canvas = "#canvas";
app::model g_model;
std::deque<app::action> g_queue;
int g_frames_wanted = 0;
bool g_raf_pending = false;
int g_frame_count = 0;
bool g_interactive_logged = false;
float g_font_dpr = 0;
int g_reported_height = -1;
ImVec2 g_mouse(-FLT_MAX, -FLT_MAX);
int g_buttons = 0, g_buttons_pressed = 0;  // "pressed since the last frame": a fast click is not lost
float g_wheel = 0;

EM_BOOL frame(double now, void*);

void build_fonts(float dpr) {
    // Glyphs baked at physical pixel size, drawn at 1/dpr: crisp text at any density. The order is
    // ui::font_role's: body, heading, strong, small, hero (the hero font holds only what amounts use).
    static const ImWchar ranges[] = {0x0020, 0x00FF, 0x2013, 0x2014, 0x2018, 0x201D, 0x2022, 0x2022, 0x2026, 0x2026, 0x20AC, 0x20AC, 0};
    static const ImWchar amount_ranges[] = {0x0024, 0x0024, 0x002C, 0x0039, 0};
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    ImFontConfig cfg;
    cfg.FontDataOwnedByAtlas = false;
    cfg.OversampleH = 2;
    cfg.OversampleV = 1;
    auto add = [&](const unsigned char* data, unsigned len, float em_to_px, float css_px, const ImWchar* r) {
        io.Fonts->AddFontFromMemoryTTF((void*)data, (int)len, css_px * em_to_px * dpr, &cfg, r);
    };
    add(font_regular, font_regular_len, font_regular_em_to_px, 16.0f, ranges);
    add(font_semibold, font_semibold_len, font_semibold_em_to_px, 22.0f, ranges);
    add(font_semibold, font_semibold_len, font_semibold_em_to_px, 16.0f, ranges);
    add(font_regular, font_regular_len, font_regular_em_to_px, 14.0f, ranges);
    add(font_semibold, font_semibold_len, font_semibold_em_to_px, 34.0f, amount_ranges);
    io.FontGlobalScale = 1.0f / dpr;
    if (g_font_dpr != 0) {
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        ImGui_ImplOpenGL3_CreateFontsTexture();
    }
    g_font_dpr = dpr;
}

EM_JS(void, js_register_font, (const void* p, int n, int weight), {
  // The DOM inputs use the same font bytes as ImGui, so the DOM caret sits where ImGui draws it.
  var f = new FontFace('FlowkitFont', HEAPU8.slice(p, p + n), {weight : String(weight)});
  document.fonts.add(f);
  f.load();
});
EM_JS(void, js_sync_mirror, (const char* p, int n), { DomMirror.sync(UTF8ToString(p, n)); });
EM_JS(int, js_page_url, (char* out, int cap), { return stringToUTF8(location.href, out, cap); });
EM_JS(int, js_styles_param, (char* out, int cap), {  // ?styles=<url-encoded JSON>, "" when absent
  var v = new URLSearchParams(location.search).get('styles');
  return stringToUTF8(v || '', out, cap);
});
EM_JS(int, js_locale_param, (char* out, int cap), {  // ?locale=<tag>; 0 bytes when absent
  var v = new URLSearchParams(location.search).get('locale');
  return v ? stringToUTF8(v, out, cap) : (HEAPU8[out] = 0);
});
EM_JS(int, js_browser_languages, (char* out, int cap), {  // "es-MX,en-US": the person's languages, best first
  var l = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language];
  return stringToUTF8(l.join(','), out, cap);
});
EM_JS(void, js_set_document_lang, (const char* lang), { document.documentElement.lang = UTF8ToString(lang); });
EM_JS(void, js_warn, (const char* text), { console.warn('flowkit: ' + UTF8ToString(text)); });
EM_JS(int, js_entropy, (char* out, int cap), {  // 128 random bits as hex, per page load
  var b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return stringToUTF8(Array.from(b, function(x) { return (x + 256).toString(16).slice(1); }).join(''), out, cap);
});
EM_JS(int, js_today, (), {  // the person's calendar day, as YYYYMMDD
  var d = new Date();
  return d.getFullYear() * 10000 + (d.getMonth() + 1) * 100 + d.getDate();
});
EM_JS(void, js_log_time, (const char* what), { console.log(UTF8ToString(what) + ' ' + performance.now().toFixed(1)); });
// Content taller than the viewport: grow the page so the browser scrolls it (0: fill the viewport).
EM_JS(void, js_set_page_height, (int px), {
  document.getElementById('app').style.height = px > window.innerHeight ? px + 'px' : '100vh';
});

fk::styles::theme g_theme;

// Restyles from a styles object (page URL or the host's configure); bad values only warn.
void restyle(const std::string& styles_json, bool from_url) {
    std::vector<std::string> warnings;
    const fk::styles::theme t = fk::styles::parse(styles_json, warnings);
    const bool names_theme = styles_json.find("\"theme\"") != std::string::npos;
    g_theme = from_url ? t : fk::styles::merge(g_theme, t, names_theme);
    fk::ui::apply_theme(ImGui::GetStyle(), g_theme, &warnings);  // host colours that fail contrast: adjusted, warned
    for (const auto& w : warnings) js_warn(w.c_str());
    const ImVec4 bg = fk::ui::colors().bg;  // the page behind the canvas, so resizing never flashes another colour
    EM_ASM({ document.documentElement.style.background = document.body.style.background = 'rgb(' + $0 + ',' + $1 + ',' + $2 + ')'; },
           (int)(bg.x * 255 + 0.5f), (int)(bg.y * 255 + 0.5f), (int)(bg.z * 255 + 0.5f));
    request_frame();
}

// Draws in the language of `tag` from the next frame on (see ui::set_locale: "es-MX" -> es, unknown
// -> en); <html lang> follows, so screen readers and the DOM mirror's text agree.
void relocalize(const std::string& tag) {
    js_set_document_lang(ui::set_locale(tag).c_str());
    request_frame();
}

// The first of the browser's languages that has a table ("fr,es-MX,en" -> "es-MX"), else "en".
std::string browser_locale() {
    char langs[512];
    js_browser_languages(langs, sizeof langs);
    std::string all = langs;
    for (size_t start = 0; start <= all.size();) {
        const size_t comma = std::min(all.find(',', start), all.size());
        const std::string tag = all.substr(start, comma - start);
        if (!tag.empty() && ui::has_locale(tag)) return tag;
        start = comma + 1;
    }
    return "en";
}

void apply_queued() {
    while (!g_queue.empty()) {
        app::action a = std::move(g_queue.front());
        g_queue.pop_front();
        app::result r = app::update(std::move(g_model), a, now_ms());
        g_model = std::move(r.m);
        for (const effect& e : r.fx) execute(e);
    }
}

// The content height of the frame just drawn: the page (and so the canvas) follows it, and the
// host hears it. Returns true when the page height changed: the canvas's CSS size changed with it,
// so what was just drawn is stale and must be drawn again before the browser paints.
bool report_height() {
    const int h = (int)std::ceil(ui::content_height());
    if (h == g_reported_height || h <= 0) return false;
    g_reported_height = h;
    js_set_page_height(h);
    execute(post_to_host{host::dots_height(h)});
    execute(post_to_host{host::resize(g_model.flow.flow_id, h)});
    return true;
}

void log_interactive_once() {
    if (g_interactive_logged) return;
    for (const ui::item& it : ui::items())
        if (it.role == ui::role::text_field || (it.role == ui::role::button && it.enabled())) {
            g_interactive_logged = true;
            js_log_time("INTERACTIVE");
            return;
        }
}

// One pass: size the canvas to its CSS box x devicePixelRatio, draw the app, sync the DOM mirror.
void draw_pass(double now) {
    ImGuiIO& io = ImGui::GetIO();
    double w, h;
    emscripten_get_element_css_size(k_canvas, &w, &h);
    const float dpr = (float)emscripten_get_device_pixel_ratio();
    if (dpr != g_font_dpr) build_fonts(dpr);
    const int fbw = (int)(w * dpr + 0.5), fbh = (int)(h * dpr + 0.5);
    int cw, ch;
    emscripten_get_canvas_element_size(k_canvas, &cw, &ch);
    if (cw != fbw || ch != fbh) emscripten_set_canvas_element_size(k_canvas, fbw, fbh);
    io.DisplaySize = ImVec2((float)w, (float)h);
    io.DisplayFramebufferScale = ImVec2(dpr, dpr);
    static double last = 0;
    io.DeltaTime = last > 0 ? (float)std::fmin(0.1, std::fmax(1e-4, (now - last) / 1000.0)) : 1.0f / 60.0f;
    last = now;
    io.MousePos = g_mouse;
    for (int i = 0; i < 3; i++) io.MouseDown[i] = ((g_buttons | g_buttons_pressed) >> i) & 1;
    g_buttons_pressed = 0;
    io.MouseWheel = g_wheel;
    g_wheel = 0;

    ImGui_ImplOpenGL3_NewFrame();
    ImGui::NewFrame();
    ui::begin_frame();
    app::draw(g_model, [](app::action a) { g_queue.push_back(std::move(a)); });
    ui::end_frame();
    ImGui::Render();
    glViewport(0, 0, fbw, fbh);
    const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    glClearColor(bg.x, bg.y, bg.z, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

    static std::string last_sync;
    std::string items = ui::encode_items();
    if (items != last_sync) {  // JS is not called at all when nothing changed
        js_sync_mirror(items.data(), (int)items.size());
        last_sync.swap(items);
    }
    g_frame_count++;
}

EM_BOOL frame(double now, void*) {
    g_raf_pending = false;
    apply_queued();
    static std::string titled;  // the tab names the platform paying, once the session says who that is
    if (g_model.flow.info.app_name != titled) {
        titled = g_model.flow.info.app_name;
        EM_ASM({ document.title = UTF8ToString($0); }, titled.c_str());
    }
    // Drawn = tapped: when the content height changes, the page and the canvas change size, so
    // the frame is drawn again at once (same callback, before the browser paints). The height of
    // a frame depends only on the model, so the second pass settles; three is a safety bound.
    for (int pass = 0; pass < 3; ++pass) {
        draw_pass(now);
        if (!report_height()) break;
    }
    static bool first_logged = false;
    if (!first_logged) {
        js_log_time("FIRST_FRAME");
        EM_ASM({ var b = document.getElementById('boot'); if (b) b.remove(); });
    }
    first_logged = true;
    log_interactive_once();
    if (!g_queue.empty()) request_frame();  // the views dispatched something: apply and redraw
    if (--g_frames_wanted > 0 && !g_raf_pending) {
        g_raf_pending = true;
        emscripten_request_animation_frame(frame, nullptr);
    }
    return EM_FALSE;
}

}  // namespace

void request_frame() {
    if (g_frames_wanted < 2) g_frames_wanted = 2;  // ImGui settles hover/active state in two frames
    if (!g_raf_pending) {
        g_raf_pending = true;
        emscripten_request_animation_frame(frame, nullptr);
    }
}

void dispatch(app::action a) {
    g_queue.push_back(std::move(a));
    request_frame();
}

int64_t now_ms() { return (int64_t)emscripten_get_now(); }

}  // namespace fk::web

// Called by dom_mirror.js between frames.
extern "C" {
static std::string g_scratch;
EMSCRIPTEN_KEEPALIVE char* kit_scratch(int n) { g_scratch.assign((size_t)n + 1, '\0'); return g_scratch.data(); }
EMSCRIPTEN_KEEPALIVE void kit_on_input(unsigned id, int s, int e) { fk::ui::input::set_value(id, std::string(g_scratch.c_str()), s, e); }
EMSCRIPTEN_KEEPALIVE void kit_on_select(unsigned id, int s, int e) { fk::ui::input::set_selection(id, s, e); }
EMSCRIPTEN_KEEPALIVE void kit_on_focus(unsigned id, int on, int visible) { fk::ui::input::set_focus(id, on, visible); }
EMSCRIPTEN_KEEPALIVE void kit_on_click(unsigned id) { fk::ui::input::click(id); }
EMSCRIPTEN_KEEPALIVE void kit_on_check(unsigned id, int on) { fk::ui::input::set_checked(id, on); }
EMSCRIPTEN_KEEPALIVE void kit_on_choose(unsigned id, int index) { fk::ui::input::choose(id, index); }
EMSCRIPTEN_KEEPALIVE void kit_pointer(float x, float y, int buttons) {
    fk::web::g_mouse = ImVec2(x, y);
    fk::web::g_buttons_pressed |= buttons & ~fk::web::g_buttons;
    fk::web::g_buttons = buttons;
    fk::web::request_frame();
}
EMSCRIPTEN_KEEPALIVE void kit_wheel(float dy) { fk::web::g_wheel += -dy / 100.0f; fk::web::request_frame(); }
EMSCRIPTEN_KEEPALIVE void kit_request_frame() { fk::web::request_frame(); }
EMSCRIPTEN_KEEPALIVE int kit_frame_count() { return fk::web::g_frame_count; }
// A host message sits in the scratch buffer (host_bridge.js); unknown shapes change nothing.
EMSCRIPTEN_KEEPALIVE void kit_host_message() {
    auto m = fk::host::parse_from_host(g_scratch.c_str());
    if (!m) return;
    if (m->type == "configure" && m->styles_json) fk::web::restyle(*m->styles_json, false);
    if (m->type == "configure" && m->locale) fk::web::relocalize(*m->locale);
    if (m->type == "close") fk::web::execute(fk::post_to_host{fk::host::exit(fk::web::g_model.flow.flow_id, "closed_by_host")});
}
}

int main() {
    using namespace fk::web;
    EmscriptenWebGLContextAttributes attr;
    emscripten_webgl_init_context_attributes(&attr);
    attr.majorVersion = 2;
    attr.alpha = EM_FALSE;
    attr.antialias = EM_FALSE;
    EMSCRIPTEN_WEBGL_CONTEXT_HANDLE ctx = emscripten_webgl_create_context(k_canvas, &attr);
    if (ctx <= 0) {
        EM_ASM({  // said where the person looks, in their language, with what to do
            var b = document.getElementById('boot');
            b.className = 'fail';
            b.setAttribute('role', 'alert');
            b.textContent = window['flowkitLang'] === 'es'
                ? 'Esta página necesita WebGL 2, que este navegador tiene desactivado. Actívalo en la configuración del navegador o abre el enlace en otro navegador (Chrome, Safari, Firefox o Edge actualizados).'
                : 'This page needs WebGL 2, which this browser has turned off. Turn it on in the browser settings, or open the link in another up-to-date browser (Chrome, Safari, Firefox or Edge).';
        });
        return 1;
    }
    emscripten_webgl_make_context_current(ctx);
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.BackendPlatformName = "flowkit_html5";
    fk::ui::apply_light_theme(ImGui::GetStyle());
    {
        char styles[4096];
        if (js_styles_param(styles, sizeof styles) > 0) restyle(styles, true);
        char locale[64];  // ?locale= wins, else the browser's language; the host's configure may change it later
        relocalize(js_locale_param(locale, sizeof locale) > 0 ? std::string(locale) : browser_locale());
    }
    ImGui_ImplOpenGL3_Init("#version 300 es");
    js_register_font(font_regular, (int)font_regular_len, 400);
    js_register_font(font_semibold, (int)font_semibold_len, 600);
    fk::ui::set_frame_requester(request_frame);
    EM_ASM({
        DomMirror.init();
        FlowkitHost.init();
        window['flowkitFrames'] = function() { return _kit_frame_count(); };  // for tests and benchmarks
        window['flowkitItems'] = DomMirror.items;
    });

    char url[2048];
    js_page_url(url, sizeof url);
    std::string flow_id, secret;
    fk::flow::parse_link(url, flow_id, secret);
    const int ymd = js_today();
    char entropy[64];
    js_entropy(entropy, sizeof entropy);
    g_model = fk::app::init(flow_id, secret, fk::tax::date{ymd / 10000, ymd / 100 % 100, ymd % 100}, entropy);
    dispatch(fk::flow::start{});
    return 0;
}
