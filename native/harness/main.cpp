// flowkit-harness: runs a flow's real steps and views headlessly against any API base.
//   flowkit-harness --link LINK --script FILE   [--client-id ID --api-key KEY]
//   flowkit-harness --link LINK --autopilot      --client-id ID --api-key KEY [--phone 2015550123]
//   --locale es draws the views in Spanish (a script then names things by their Spanish labels).
// Prints each step and host message; exits 0 only when the flow completes.
#include "http_client.h"
#include "runner.h"
#include "script.h"
#include "steps/ui/i18n.h"
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

namespace {
int usage() {
    std::fprintf(stderr,
                 "usage: flowkit-harness --link LINK (--script FILE | --autopilot) [--client-id ID] [--api-key KEY]\n"
                 "                       [--phone NATIONAL_US_DIGITS] [--timeout SECONDS] [--locale TAG]\n"
                 "  --locale: the views' language (en, es; others fall back to en); scripts then use its labels,\n"
                 "            and --autopilot (which finds things by English label) needs en\n"
                 "  app credentials also come from FLOWKIT_CLIENT_ID / FLOWKIT_API_KEY (needed to read one-time codes)\n");
    return 2;
}
}  // namespace

int main(int argc, char** argv) {
    std::string link, script_path;
    bool autopilot = false;
    std::string locale = "en";
    fk::harness::options opt;
    if (const char* v = std::getenv("FLOWKIT_CLIENT_ID")) opt.client_id = v;
    if (const char* v = std::getenv("FLOWKIT_API_KEY")) opt.api_key = v;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
        if (a == "--link") link = next();
        else if (a == "--script") script_path = next();
        else if (a == "--autopilot") autopilot = true;
        else if (a == "--client-id") opt.client_id = next();
        else if (a == "--api-key") opt.api_key = next();
        else if (a == "--phone") opt.phone = next();
        else if (a == "--timeout") opt.expect_timeout_ms = std::atoi(next().c_str()) * 1000;
        else if (a == "--locale") locale = next();
        else if (a == "--help" || a == "-h") return usage(), 0;
        else { std::fprintf(stderr, "flowkit-harness: unknown argument %s\n", a.c_str()); return usage(); }
    }
    if (link.empty() || (script_path.empty() == !autopilot)) return usage();
    if (!fk::ui::has_locale(locale)) std::fprintf(stderr, "flowkit-harness: no strings for locale %s; using en\n", locale.c_str());
    if (fk::ui::set_locale(locale) != "en") {
        if (autopilot) {
            std::fprintf(stderr, "flowkit-harness: --autopilot finds things by their English labels; use --script with --locale %s\n",
                         locale.c_str());
            return 2;
        }
        std::printf("locale: %s\n", fk::ui::locale().c_str());
    }

    std::string flow_id, secret;
    if (!fk::harness::split_link(link, opt.api, flow_id, secret)) {
        std::fprintf(stderr, "flowkit-harness: not a flow link: %s\n", link.c_str());
        return 2;
    }
    std::string script;
    if (!script_path.empty()) {
        std::ifstream in(script_path);
        if (!in) { std::fprintf(stderr, "flowkit-harness: cannot read %s\n", script_path.c_str()); return 2; }
        std::stringstream ss;
        ss << in.rdbuf();
        script = ss.str();
    }
    fk::harness::runner r(flow_id, secret, fk::harness::http_transport(opt.api));
    r.log = [](const std::string& s) { std::printf("%s\n", s.c_str()); std::fflush(stdout); };
    r.start();
    const int rc = autopilot ? fk::harness::run_autopilot(r, opt) : fk::harness::run_script(r, script, opt);
    std::printf(rc == 0 ? "FLOW COMPLETED\n" : "FLOW NOT COMPLETED\n");
    return rc;
}
