#include "pipeline/pipeline_stats.h"

namespace gleaner::pipeline {

void PipelineCounters::observe_extract_seconds(double seconds) {
    std::size_t bucket = 0;
    while (bucket < kExtractBuckets.size() && seconds > kExtractBuckets[bucket]) ++bucket;
    extract_buckets[bucket]++;
    extract_micros_total += static_cast<std::uint64_t>(seconds * 1e6);
}

}  // namespace gleaner::pipeline
