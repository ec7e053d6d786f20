// tracking_params.cpp — the list of tracking query parameters, in one place. Only parameters that
// never select content belong here: dropping one must never merge two different stories.
#include "sources/tracking_params.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace gleaner::sources {
namespace {

// Whole families: Google Analytics campaign tags, HubSpot cookies, Matomo campaigns.
constexpr std::array kTrackingPrefixes = {
    std::string_view{"utm_"},
    std::string_view{"__hs"},
    std::string_view{"mtm_"},
};

// Click identifiers and share/referral markers of ad networks, mail tools and social sites.
constexpr std::array kTrackingNames = {
    std::string_view{"fbclid"},       // Facebook
    std::string_view{"gclid"},        // Google Ads
    std::string_view{"gclsrc"},       // Google Ads
    std::string_view{"dclid"},        // Google Display
    std::string_view{"gbraid"},       // Google Ads (iOS)
    std::string_view{"wbraid"},       // Google Ads (iOS)
    std::string_view{"msclkid"},      // Microsoft Ads
    std::string_view{"mc_cid"},       // Mailchimp campaign
    std::string_view{"mc_eid"},       // Mailchimp subscriber
    std::string_view{"igshid"},       // Instagram share
    std::string_view{"igsh"},         // Instagram share
    std::string_view{"_ga"},          // Google Analytics cross-domain
    std::string_view{"_gl"},          // Google Analytics cross-domain
    std::string_view{"yclid"},        // Yandex
    std::string_view{"ref_src"},      // Twitter embeds
    std::string_view{"ref_url"},      // Twitter embeds
    std::string_view{"twclid"},       // Twitter Ads
    std::string_view{"ttclid"},       // TikTok Ads
    std::string_view{"li_fat_id"},    // LinkedIn
    std::string_view{"mkt_tok"},      // Marketo
    std::string_view{"_hsenc"},       // HubSpot mail
    std::string_view{"_hsmi"},        // HubSpot mail
    std::string_view{"pk_campaign"},  // Piwik
    std::string_view{"pk_kwd"},       // Piwik
    std::string_view{"pk_source"},    // Piwik
    std::string_view{"pk_medium"},    // Piwik
    std::string_view{"oly_anon_id"},  // Omeda
    std::string_view{"oly_enc_id"},   // Omeda
    std::string_view{"vero_id"},      // Vero
    std::string_view{"wickedid"},     // Wicked Reports
    std::string_view{"rb_clickid"},   // RevContent
    std::string_view{"s_kwcid"},      // Adobe Advertising
    std::string_view{"ocid"},         // MSN syndication
    std::string_view{"smid"},         // New York Times share
    std::string_view{"cmpid"},        // campaign id (Washington Post, Guardian and others)
    std::string_view{"sr_share"},     // share buttons
};

}  // namespace

bool is_tracking_param(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const auto has_prefix = [&](std::string_view prefix) { return lower.starts_with(prefix); };
  return std::any_of(kTrackingPrefixes.begin(), kTrackingPrefixes.end(), has_prefix) ||
         std::find(kTrackingNames.begin(), kTrackingNames.end(), lower) != kTrackingNames.end();
}

}  // namespace gleaner::sources
