// feed_json.cpp — JSON Feed 1.0/1.1 (https://jsonfeed.org), which discover_feeds also finds
// (application/feed+json). Parsed with nlohmann-json; fields of the wrong type are ignored.
#include <nlohmann/json.hpp>
#include <vector>

#include "sources/entry_text.h"
#include "sources/feed_formats.h"

namespace gleaner::sources {
namespace {

using nlohmann::json;

// "https://jsonfeed.org/version/1.1"; a few early feeds wrote http.
constexpr std::string_view kVersionMark = "://jsonfeed.org/version/";

std::string string_field(const json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

// "authors" (1.1) is a list of objects with a name; "author" (1.0) a single one.
std::string item_authors(const json& item) {
  std::vector<std::string> names;
  if (const auto authors = item.find("authors"); authors != item.end() && authors->is_array()) {
    for (const json& author : *authors) {
      if (author.is_object()) names.push_back(string_field(author, "name"));
    }
  }
  if (const auto author = item.find("author"); author != item.end() && author->is_object()) {
    names.push_back(string_field(*author, "name"));
  }
  return join_names(names);
}

std::optional<Entry> read_item(const json& item, std::string_view feed_url) {
  if (!item.is_object()) return std::nullopt;
  Entry entry;
  // external_url names a page the item is about (link blogs): second best.
  auto url = http_link(feed_url, string_field(item, "url"));
  if (!url) url = http_link(feed_url, string_field(item, "external_url"));
  if (!url) return std::nullopt;
  entry.url = std::move(*url);
  entry.title = collapse_whitespace(string_field(item, "title"));
  entry.author = item_authors(item);
  set_published(entry, {string_field(item, "date_published"), string_field(item, "date_modified")});
  entry.content_html = string_field(item, "content_html");
  return entry;
}

}  // namespace

FeedResult stream_json_feed(std::string_view document, std::string_view feed_url, const EntrySink& sink) {
  // Parsed with a callback that reads each element of "items" as it closes and then drops it, so
  // only one item is held at a time. Items that come before "version" wait until it says the
  // document is a JSON Feed.
  FeedResult feed;
  std::vector<Entry> waiting;
  bool in_items = false, is_feed = false, has_root_object = false;
  std::string key;  // the root's key being read
  const json::parser_callback_t read = [&](int depth, json::parse_event_t event, json& parsed) {
    using Event = json::parse_event_t;
    if (depth == 0 && event == Event::object_start) has_root_object = true;
    if (depth == 1 && event == Event::key) key = parsed.get<std::string>();
    if (depth == 1 && event == Event::value && key == "version" && parsed.is_string() &&
        parsed.get<std::string>().find(kVersionMark) != std::string::npos) {
      is_feed = true;
      for (Entry& entry : waiting) sink(std::move(entry));
      waiting.clear();
    }
    if (depth == 1 && (event == Event::array_start || event == Event::array_end))
      in_items = event == Event::array_start && key == "items";
    if (depth == 2 && in_items && (event == Event::object_end || event == Event::value)) {
      if (auto entry = read_item(parsed, feed_url)) {
        if (is_feed) sink(std::move(*entry));
        else waiting.push_back(std::move(*entry));
      }
      return false;  // read: not kept in the document
    }
    return true;
  };
  json root;
  try {
    root = json::parse(document.begin(), document.end(), read);
  } catch (const json::parse_error& error) {
    feed.error = std::string("not JSON: ") + error.what();
    return feed;
  }
  if (!has_root_object || !root.is_object() || !is_feed) {
    feed.error = "not a JSON Feed: no \"version\": \"https://jsonfeed.org/version/...\"";
    return feed;
  }
  feed.title = collapse_whitespace(string_field(root, "title"));
  return feed;
}

}  // namespace gleaner::sources
