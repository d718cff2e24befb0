// redirect update (see redirect.h).
#include "redirect.h"

namespace fk::redirect {

std::string host_of(const std::string& url) {
    const size_t scheme = url.find("://");
    const size_t start = scheme == std::string::npos ? 0 : scheme + 3;
    const size_t end = url.find_first_of(":/?#", start);
    return url.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

model init(const flow::model& f) {
    model m;
    for (const auto& s : f.info.steps)
        if (s.name == "redirect") m.url = s.options.redirect_url;
    m.host = host_of(m.url);
    return m;
}

result update(model m, const action&) {
    result r;
    r.finished = flow::step_finished{"redirect", "completed", std::nullopt};
    r.m = std::move(m);
    return r;
}

}  // namespace fk::redirect
