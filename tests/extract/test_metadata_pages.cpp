// Tests for decode_html + extract_metadata on real news pages (fixtures/metadata/, provenance in its
// README): the values each page declares come out, from the source the rules say.
#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "extract/charset.h"
#include "extract/metadata/metadata.h"

namespace gleaner::extract {
namespace {

struct Page {
    DecodedHtml decoded;
    Metadata metadata;
};

Page load(const std::string& name, std::string_view url) {
    std::ifstream in(std::string(GLEANER_SOURCE_DIR) + "/tests/extract/fixtures/metadata/" + name, std::ios::binary);
    EXPECT_TRUE(in.good()) << name;
    std::stringstream bytes;
    bytes << in.rdbuf();
    Page page{decode_html(bytes.str(), ""), {}};
    GumboOutput* doc = gumbo_parse_with_options(&kGumboDefaultOptions, page.decoded.utf8.data(), page.decoded.utf8.size());
    page.metadata = extract_metadata(*doc, url);
    gumbo_destroy_output(&kGumboDefaultOptions, doc);
    return page;
}

TEST(MetadataPages, NjComJsonLdNewsArticle) {
    const Page page = load("nj-com-json-ld.html",
                           "https://www.nj.com/entertainment/2019/11/florida-man-exists-south-dakota-hold-my-beer-meth-were-on-it.html");
    const Metadata& m = page.metadata;
    EXPECT_EQ(page.decoded.charset, "UTF-8");
    EXPECT_EQ(m.title, "South Dakota doubles down on ‘Meth. We’re on it.’ They just might be.");
    EXPECT_EQ(m.authors, std::vector<std::string>{"Amy Kuperinsky"});
    ASSERT_TRUE(m.published && m.modified);
    EXPECT_EQ(*m.published, (DateInfo{"2019-11-19T01:19:34+00:00", "json-ld:datePublished"}));
    EXPECT_EQ(*m.modified, (DateInfo{"2019-11-19T14:41:32+00:00", "json-ld:dateModified"}));
    EXPECT_EQ(m.language, "en");
    EXPECT_EQ(m.language_source, "html-lang");
    EXPECT_EQ(m.canonical_url, "https://www.nj.com/entertainment/2019/11/florida-man-exists-south-dakota-hold-my-beer-meth-were-on-it.html");
    EXPECT_FALSE(m.image.empty());
    EXPECT_TRUE(m.image.starts_with("https://"));
    EXPECT_FALSE(m.description.empty());
    EXPECT_FALSE(m.paywalled);
}

TEST(MetadataPages, SkyNewsTitleLosesSiteSuffixes) {
    const Metadata m = load("sky-news-json-ld.html",
                            "https://news.sky.com/story/jose-mourinho-agrees-deal-to-replace-mauricio-pochettino-as-tottenham-manager-11865382")
                           .metadata;
    EXPECT_EQ(m.title, "Jose Mourinho agrees deal to replace Mauricio Pochettino as Tottenham manager");
    EXPECT_EQ(m.authors, std::vector<std::string>{"Tom Gillespie"});
    ASSERT_TRUE(m.published && m.modified);
    EXPECT_EQ(m.published->source, "json-ld:datePublished");
    EXPECT_TRUE(m.published->iso.starts_with("2019-11-20T06:37"));
    EXPECT_EQ(m.language, "en");
}

TEST(MetadataPages, RussianMicrodataPage) {
    const Metadata m = load("wday-ru-microdata.html",
                            "http://www.wday.ru/articles/53-letnyaya-model-posmotri-na-krasotku-kotoraya-prevratilas-v-staruhu-id120424")
                           .metadata;
    EXPECT_EQ(m.title, "53-летняя модель: «Посмотри на красотку, которая превратилась в старуху»");
    ASSERT_TRUE(m.published && m.modified);
    EXPECT_EQ(*m.published, (DateInfo{"2018-10-11T08:53:00+03:00", "microdata:datePublished"}));
    EXPECT_EQ(*m.modified, (DateInfo{"2018-10-24T09:42:00+03:00", "microdata:dateModified"}));
    EXPECT_EQ(m.language, "ru");
    EXPECT_EQ(m.canonical_url,
              "https://www.wday.ru/krasota-zdorovie/novosty/53-letnyaya-model-posmotri-na-krasotku-kotoraya-prevratilas-v-staruhu/");
}

TEST(MetadataPages, JapaneseOpenGraphPageCreditingTheFirm) {
    const Metadata m = load("lhpat-ja-opengraph.html", "https://www.lhpat-tm.com/blog/decision-info/index-2726.html").metadata;
    EXPECT_EQ(m.title, "商品の改造が商標法違反に！？");
    EXPECT_EQ(m.site_name, "特許業務法人ライトハウス国際特許事務所");
    // No person is named; the line under the headline credits the firm ("by ライトハウス国際特許事務所 ／ 2016.12.01").
    EXPECT_EQ(m.authors, std::vector<std::string>{"ライトハウス国際特許事務所"});
    ASSERT_TRUE(m.published && m.modified);
    EXPECT_EQ(*m.published, (DateInfo{"2016-12-01T02:05:35+00:00", "meta:article:published_time"}));
    EXPECT_EQ(*m.modified, (DateInfo{"2017-08-02T06:17:28+00:00", "meta:article:modified_time"}));
    EXPECT_EQ(m.section, "判例事例");
    EXPECT_EQ(m.language, "ja");
}

}  // namespace
}  // namespace gleaner::extract
