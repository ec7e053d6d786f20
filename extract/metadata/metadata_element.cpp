// read_element_attributes (see metadata_element.h): one switch on the first letter of each attribute
// name, then an exact comparison, so an element's attributes are looked at once whatever is read.
#include "extract/metadata/metadata_element.h"

#include <cstring>

namespace gleaner::extract {

ElementAttributes read_element_attributes(const GumboElement& element) {
    ElementAttributes found;
    const GumboVector& attributes = element.attributes;
    for (unsigned k = 0; k < attributes.length; ++k) {
        const auto& attribute = *static_cast<const GumboAttribute*>(attributes.data[k]);
        const char* name = attribute.name;
        // The first attribute of a name wins; a later one of the same name is ignored. A value is
        // measured only when taken (the others, long style or srcset values among them, never are).
        const auto take = [&](const char* wanted, std::string_view& slot) {
            if (std::strcmp(name, wanted) != 0) return false;
            if (!ElementAttributes::present(slot))
                slot = attribute.value != nullptr ? std::string_view(attribute.value) : std::string_view("");
            return true;
        };
        switch (name[0]) {
        case 'c':
            take("class", found.class_name) || take("content", found.content);
            break;
        case 'd':
            take("datetime", found.datetime) || take("data-testid", found.data_testid) ||
                take("data-timestamp", found.data_timestamp) || take("data-time", found.data_time) ||
                take("data-date", found.data_date);
            break;
        case 'h':
            take("href", found.href) || take("http-equiv", found.http_equiv);
            break;
        case 'i':
            take("id", found.id) || take("itemprop", found.itemprop) || take("itemscope", found.itemscope);
            break;
        case 'l':
            take("lang", found.lang);
            break;
        case 'n':
            take("name", found.name);
            break;
        case 'p':
            take("property", found.property);
            break;
        case 'r':
            take("rel", found.rel);
            break;
        case 's':
            take("src", found.src);
            break;
        case 't':
            take("type", found.type);
            break;
        case 'v':
            take("value", found.value);
            break;
        case 'x':
            take("xml:lang", found.xml_lang);
            break;
        default:
            break;
        }
    }
    return found;
}

}  // namespace gleaner::extract
