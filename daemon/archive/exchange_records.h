// The WARC records for one fetched exchange: a `response` record (a `revisit` with the
// server-not-modified profile for a 304) holding the response as received, and a `request` record
// holding the request as sent, tied to it by WARC-Concurrent-To.
#pragma once

#include <string>
#include <vector>

#include "archive/warc_record.h"
#include "fetch/exchange.h"

namespace gleaner::archive {

// WARC-Warcinfo-ID is left to the file writer, which knows the file they land in.
std::vector<WarcRecord> exchange_records(const fetch::Exchange& exchange);

}  // namespace gleaner::archive
