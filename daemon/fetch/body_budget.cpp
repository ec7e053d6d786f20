// BodyBudget — see body_budget.h.
#include "fetch/body_budget.h"

namespace gleaner::fetch {

bool BodyBudget::may_receive(std::uint64_t transfer) const {
    if (used() < limit_) return true;
    // Over the limit: only the leader goes on, and only while what callers hold leaves it room.
    const bool leader = !receiving_.empty() && *receiving_.begin() == transfer;
    return leader && leased_.load() < limit_;
}

bool BodyBudget::take(std::uint64_t transfer, std::size_t bytes, std::size_t& charged) {
    if (!may_receive(transfer)) {
        paused_.insert(transfer);
        return false;
    }
    receiving_bytes_ += bytes;
    charged += bytes;
    return true;
}

void BodyBudget::discard(std::size_t& charged) {
    receiving_bytes_ -= charged;
    charged = 0;
}

std::shared_ptr<const void> BodyBudget::hand_over(std::size_t& charged) {
    const std::size_t bytes = charged;
    discard(charged);
    if (bytes == 0) return nullptr;
    leased_ += bytes;
    // The lease keeps the budget alive: a Response may outlive the fetcher that made it.
    return std::shared_ptr<const void>(nullptr, [self = shared_from_this(), bytes](const void*) {
        self->leased_ -= bytes;
        if (self->on_release_) self->on_release_();
    });
}

}  // namespace gleaner::fetch
