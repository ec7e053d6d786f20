#include "stories/near_duplicate.h"

#include "stories/minhash.h"
#include "stories/shingles.h"

namespace gleaner::stories {
namespace {

// Bumped whenever the parameters above or the hashing change: older signatures then compare as 0.
constexpr char kSignatureVersion = 1;
constexpr std::size_t kSignatureBytes = 1 + 4 * kHashes;

std::string encode(const std::vector<std::uint32_t>& slots) {
    std::string blob;
    blob.reserve(kSignatureBytes);
    blob.push_back(kSignatureVersion);
    for (std::uint32_t v : slots)
        for (int shift = 0; shift < 32; shift += 8) blob.push_back(static_cast<char>((v >> shift) & 0xffu));
    return blob;
}

bool well_formed(std::string_view blob) {
    return blob.size() == kSignatureBytes && blob[0] == kSignatureVersion;
}

}  // namespace

std::optional<StoryFingerprint> story_fingerprint(std::string_view text) {
    const auto words = word_hashes(text);
    if (words.size() < kMinWords) return std::nullopt;
    const auto signature = minhash(shingle_hashes(words, kShingleWords), kHashes);
    return StoryFingerprint{band_keys(signature, kBands), encode(signature)};
}

double similarity(std::string_view a, std::string_view b) {
    if (!well_formed(a) || !well_formed(b)) return 0.0;
    // Slot i of both blobs is equal exactly when its four bytes are.
    std::size_t equal = 0;
    for (std::size_t i = 1; i < kSignatureBytes; i += 4) equal += a.compare(i, 4, b.substr(i, 4)) == 0;
    return static_cast<double>(equal) / static_cast<double>(kHashes);
}

}  // namespace gleaner::stories
