// Main-content extraction on hand-written pages, one per layout the extractor must handle or trap it
// must avoid (fixtures/content/README.md): every story sentence comes out, no boilerplate does.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "content_test_support.h"

namespace gleaner::extract {
namespace {

using testing::extract_file;
using testing::fixture;

struct LayoutCase {
    const char* page;
    std::vector<std::string> story;       // sentences (or distinctive parts) that must be in the text
    std::vector<std::string> boilerplate;  // strings that must not be in the text
};

void PrintTo(const LayoutCase& c, std::ostream* os) { *os << c.page; }

class LayoutTest : public ::testing::TestWithParam<LayoutCase> {};

TEST_P(LayoutTest, KeepsTheWholeStoryAndNothingElse) {
    const LayoutCase& c = GetParam();
    const Article article = extract_file(fixture(std::string("content/") + c.page));
    for (const std::string& sentence : c.story)
        EXPECT_NE(article.text.find(sentence), std::string::npos) << "missing: " << sentence << "\n--- text:\n" << article.text;
    for (const std::string& junk : c.boilerplate)
        EXPECT_EQ(article.text.find(junk), std::string::npos) << "kept: " << junk << "\n--- text:\n" << article.text;
}

const LayoutCase kLayouts[] = {
    {"split-story-between-ads.html",
     {"The towpath between Mill Lock and the aqueduct reopened on Monday",
      "raising it by a hand's width so that it no longer floods",
      "Cyclists had been sent on a detour of almost three miles",
      "The trust asked riders to slow down on the narrow section",
      "A second phase of work, on the bank below the aqueduct"},
     {"Advertisement", "Lockside News, 4 Wharf Street", "Canal towpath reopens after repairs"}},
    {"figure-and-pull-quote.html",
     {"grafted forty-one old apple varieties", "The cuttings came from trees in farmyards",
      "Some of these trees were planted by people's great-grandparents.",
      "Each variety will be planted twice", "The group will hold an open day in October"},
     {"Volunteers grafting scions in the orchard shed"}},
    {"lists-and-table.html",
     {"collect food waste every week", "Food waste caddy: peelings, leftovers, tea bags and coffee grounds",
      "Blue bin: paper, card, tins and rinsed plastic bottles", "Black bin: everything that cannot be recycled",
      "Ashby Parva", "Wednesday, odd weeks", "can ask for an assisted collection"},
     {}},
    {"live-blog.html",
     {"Ferries cancelled for the evening", "The island ferry company has cancelled all sailings",
      "Trees down on the coast road", "A diversion runs inland through Trewen.",
      "Gusts of ninety miles an hour recorded", "the strongest reading there since 2014"},
     {"Most read", "Harbour wall repairs to start in spring", "Coastline Today"}},
    {"short-article.html",
     {"A post office counter will open in the Elmstead village shop on Monday",
      "It will open six days a week during shop hours."},
     {"Latest news", "Bypass consultation extended", "Elmstead Echo is delivered free"}},
    {"comments-in-details.html",
     {"The route 7 bus between the station and the hospital will run on Sundays",
      "Buses will leave every hour between nine and six"},
     {"14 comments", "My mother has had to take a taxi", "An hourly bus is better than nothing",
      "Does anybody know whether the Sunday buses"}},
    {"comments-in-section.html",
     {"Hartfield leisure centre's main pool reopened on Saturday",
      "Lane swimming sessions return to the old timetable"},
     {"Leave a Reply", "Your email address will not be published", "Required fields are marked",
      "3 Responses", "The roof had been leaking for years", "Great news for the swimming club"}},
    {"consent-longer-than-story.html",
     {"The clock on the market hall is keeping time again", "It had stopped at twenty past four in January."},
     {"cookies", "advertising and analytics partners", "Accept all"}},
    {"related-long-headlines.html",
     {"awarded sixty thousand pounds from the National Lottery",
      "heating bills had doubled in two winters", "using a temporary kitchen in the car park"},
     {"Read more", "lunch club celebrates its twentieth birthday", "new playground equipment",
      "Community shop reports its best year"}},
    {"footer-with-paragraphs.html",
     {"Fares on the Slate Island ferry will not rise this year",
      "An adult return will stay at six pounds and forty pence"},
     {"published on Slate Island since 1923", "We welcome letters from readers", "To advertise in the Chronicle"}},
    {"byline-and-author-bio.html",
     {"The Kingsferry bridge will close to traffic for three nights",
      "The bridge will shut at ten each evening"},
     {"By Hannah Ostrowski", "12 June 2024", "transport correspondent"}},
    {"page-builder-sections.html",
     {"Cold air finds every crack in a greenhouse", "Horticultural bubble wrap with large bubbles",
      "Water sparingly through the winter"},
     {"Popular posts", "Ten seeds to sow in March", "written by volunteers"}},
    {"aem-components.html",
     {"Tyres lose about one pound per square inch", "Check them cold, before a drive",
      "The right figure is printed on a sticker"},
     {"We use cookies", "Learn"}},
    {"breadcrumbs-and-tags.html",
     {"will be repainted in the pastel colours", "Owners will be able to pick from six colours"},
     {"Home", "Seafront", "Tags", "heritage", "Scroll to Top"}},
};

INSTANTIATE_TEST_SUITE_P(HandWrittenPages, LayoutTest, ::testing::ValuesIn(kLayouts),
                         [](const ::testing::TestParamInfo<LayoutCase>& info) {
                             std::string name = info.param.page;
                             name = name.substr(0, name.find('.'));
                             for (char& ch : name)
                                 if (ch == '-') ch = '_';
                             return name;
                         });

TEST(ContentLayouts, TextDoesNotStartWithTheHeadline) {
    for (const char* page : {"split-story-between-ads.html", "figure-and-pull-quote.html", "short-article.html"}) {
        const Article article = extract_file(fixture(std::string("content/") + page));
        ASSERT_FALSE(article.title.empty()) << page;
        EXPECT_NE(article.text.rfind(article.title, 0), 0u) << page << " starts with its title";
    }
}

TEST(ContentLayouts, StoryOnlyInJsonLdIsTakenFromIt) {
    const Article article = extract_file(fixture("content/json-ld-body-only.html"));
    EXPECT_NE(article.text.find("The university observatory on Carn Hill will open to the public"), std::string::npos)
        << article.text;
    EXPECT_NE(article.text.find("the dome holds only twenty people at a time."), std::string::npos);
    EXPECT_EQ(article.text.find("Please enable JavaScript"), std::string::npos);
    // One paragraph per line of the articleBody.
    EXPECT_NE(article.text.find("starting in March.\n\nVisitors will be able"), std::string::npos) << article.text;
}

TEST(ContentLayouts, FigureCaptionIsInHtmlAndMarkdownButNotInText) {
    const Article article = extract_file(fixture("content/figure-and-pull-quote.html"), "https://orchard.example/news/apples");
    EXPECT_NE(article.html.find("<figcaption>Volunteers grafting scions in the orchard shed in February.</figcaption>"),
              std::string::npos)
        << article.html;
    EXPECT_NE(article.html.find("<img src=\"https://orchard.example/images/grafting.jpg\" alt=\"Volunteers grafting apple scions\">"),
              std::string::npos)
        << article.html;
    EXPECT_NE(article.markdown.find("![Volunteers grafting apple scions](https://orchard.example/images/grafting.jpg)"),
              std::string::npos)
        << article.markdown;
}

TEST(ContentLayouts, DatelineBeforeTheStoryGoesButAShortDatedOpeningSentenceStays) {
    const Article article = extract(
        "<html><body><article><h1>Council meets</h1><p>Nov. 19, 2019 5:00 PM ET</p><p>On May 3 the council met.</p>"
        "<p>It voted to repair the library roof before the winter, at a cost of forty thousand pounds, after a long "
        "debate about the building's future.</p></article></body></html>",
        ExtractOptions{});
    EXPECT_EQ(article.text.find("5:00 PM"), std::string::npos) << article.text;
    EXPECT_EQ(article.text.rfind("On May 3 the council met.", 0), 0u) << article.text;
}

TEST(ContentLayouts, PageWithoutAnyTextGivesAnEmptyArticleNotAnError) {
    const Article article = extract("<html><body><nav><a href='/'>Home</a></nav></body></html>", ExtractOptions{});
    EXPECT_TRUE(article.text.empty()) << article.text;
    EXPECT_EQ(article.word_count, 0u);
}

TEST(ContentLayouts, InputOverTheLimitIsRefused) {
    ExtractOptions options;
    options.max_input_bytes = 100;
    EXPECT_THROW(extract(std::string(101, 'x'), options), ExtractError);
}

}  // namespace
}  // namespace gleaner::extract
