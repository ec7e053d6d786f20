// What the extractor knows about boilerplate, as data: class/id patterns of page regions that are not
// the story (comments, share bars, related lists, consent banners...), patterns of the article body,
// tag and ARIA-role rules, and the text of lines that are never story (like "Scroll to Top"). The
// tables are in boilerplate_patterns.cpp; this header also offers the matchers built from them.
#pragma once

#include <cstdint>
#include <string_view>

namespace gleaner::extract {

// Page regions recognised from markup. One element may match several (a bit mask).
enum Region : std::uint32_t {
    kRegionNone = 0,
    kRegionComments = 1u << 0,
    kRegionShare = 1u << 1,
    kRegionRelated = 1u << 2,
    kRegionNewsletter = 1u << 3,
    kRegionConsent = 1u << 4,
    kRegionAdvert = 1u << 5,
    kRegionNavigation = 1u << 6,
    kRegionTags = 1u << 7,
    kRegionAuthorBio = 1u << 8,
    kRegionByline = 1u << 9,   // bylines, datelines, timestamps, "posted in" meta rows
    kRegionFooter = 1u << 10,
    kRegionSidebar = 1u << 11,
    kRegionHidden = 1u << 12,  // hidden or screen-reader-only text
    kRegionHeader = 1u << 13,
    kRegionForm = 1u << 14,
    kRegionCaption = 1u << 15,  // image captions and credits
    kRegionPaywall = 1u << 16,  // paywall / subscription prompts (also a sign of a partial story)
    kRegionArticleBody = 1u << 17,  // positive: the container of the story text
    kRegionWeakNegative = 1u << 18,  // teasers, cards, meta boxes: lowers a container's score
    kRegionQuote = 1u << 19,  // a pull quote or quoted social post (tweet): part of the story, not a
                              // share bar or sidebar
    kRegionPost = 1u << 20,   // one post of a thread (forum message, answer, reply): a page type
                              // signal only, never removed by itself
    kRegionProduct = 1u << 21,  // a product tile, price or cart button: a page type signal only
};

// Regions removed even when they hold most of the page's text: a comment thread or a consent notice
// can be longer than a short story, and then still is not the story. Other regions are kept when
// they hold most of the page's paragraphs: that is a layout wrapper named "has-sidebar" or
// "social-enabled", not a share bar.
inline constexpr std::uint32_t kRegionsRemovedRegardlessOfSize = kRegionComments | kRegionConsent;

// Regions that are removed when seen (subject to the size veto for the others).
inline constexpr std::uint32_t kRegionsRemoved =
    kRegionComments | kRegionShare | kRegionRelated | kRegionNewsletter | kRegionConsent | kRegionAdvert |
    kRegionNavigation | kRegionTags | kRegionAuthorBio | kRegionByline | kRegionFooter | kRegionSidebar |
    kRegionHidden | kRegionHeader | kRegionForm | kRegionPaywall;

// Regions named by the lowercased class and id values of an element ("class-tokens id").
std::uint32_t match_class_and_id(std::string_view lowercase_class_and_id);

// Regions named by an element's tag, role, itemprop and other single-valued attributes.
std::uint32_t regions_of_tag(int gumbo_tag);
std::uint32_t regions_of_role(std::string_view lowercase_role);
std::uint32_t regions_of_itemprop(std::string_view lowercase_itemprop);

// What a short block of story text can be recognised as, from its text alone. Ordered by strength:
// when several patterns match, the last kind listed wins.
enum class LineKind : std::uint8_t {
    story,             // nothing known: keep
    metadata,          // looks like a byline or dateline ("By Jane Doe", "Nov. 19, 2019 5:00 PM"):
                       // dropped only where such lines stand, before the story's first paragraph
    boilerplate,       // a line that is never story ("Advertisement", "Scroll to Top"): drop it
    related_heading,   // heads what follows the story ("Related Articles", "Most read"): stop there
    comments_heading,  // heads the comments ("3 Responses", "Leave a Comment"): stop there
    paywall,           // a subscription prompt in place of the rest of the story
};

// The region a heading of this kind starts (the element it heads is that region), or kRegionNone.
std::uint32_t region_headed_by(LineKind kind);

// Classifies one block of text, whitespace-collapsed; only blocks up to kMaxLineLength long are
// matched (a real paragraph is never dropped because it contains "subscribe").
inline constexpr std::size_t kMaxLineLength = 200;
LineKind classify_line(std::string_view collapsed_text);

}  // namespace gleaner::extract
