// The byte-level look for a declared encoding before parsing: the HTML Standard's "prescan a byte stream
// to determine its encoding" (<meta charset>, <meta http-equiv=content-type>), the XML declaration, and
// the charset parameter of a Content-Type value.
#pragma once

#include <string>
#include <string_view>

namespace gleaner::extract {

// How far the prescan looks, per the HTML Standard.
inline constexpr std::size_t kPrescanBytes = 1024;

// The encoding label declared by a <meta> in the first kPrescanBytes bytes, or "" if none.
// The label is returned raw; the caller maps it (find_encoding) and applies the spec's
// UTF-16 -> UTF-8 rule.
std::string prescan_meta_charset(std::string_view bytes);

// The encoding label of an XML declaration at the very start (<?xml ... encoding="..."?>), or "".
std::string xml_declared_charset(std::string_view bytes);

// The HTML Standard's "extracting a character encoding from a meta element" applied to a
// Content-Type value ("text/html; charset=utf-8"); "" when it names none.
std::string charset_from_content_type(std::string_view content_type);

}  // namespace gleaner::extract
