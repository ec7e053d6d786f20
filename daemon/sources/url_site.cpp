// url_site.cpp — same_site: two URLs belong to one site when their hosts share a registrable domain
// ("eTLD+1") according to the public suffix list, as libpsl computes it.
#include <arpa/inet.h>
#include <libpsl.h>

#include "sources/url.h"

namespace gleaner::sources {
namespace {

// The newer of libpsl's built-in list and the system's copy; loaded once, kept for the process.
const psl_ctx_t* suffix_list() {
  static const psl_ctx_t* const list = [] {
    const psl_ctx_t* latest = psl_latest(nullptr);
    return latest != nullptr ? latest : psl_builtin();
  }();
  return list;
}

// The public suffix list knows nothing of addresses: "127.0.0.1" would yield "0.1".
bool is_ip_literal(const std::string& host) {
  in_addr ipv4{};
  return host.starts_with('[') || inet_pton(AF_INET, host.c_str(), &ipv4) == 1;
}

}  // namespace

bool same_site(std::string_view url_a, std::string_view url_b) {
  const auto host_a = url_host(url_a);
  const auto host_b = url_host(url_b);
  if (!host_a || !host_b || host_a->empty()) return false;
  if (*host_a == *host_b) return true;
  if (is_ip_literal(*host_a) || is_ip_literal(*host_b)) return false;
  const char* domain_a = psl_registrable_domain(suffix_list(), host_a->c_str());
  const char* domain_b = psl_registrable_domain(suffix_list(), host_b->c_str());
  return domain_a != nullptr && domain_b != nullptr && std::string_view(domain_a) == domain_b;
}

}  // namespace gleaner::sources
