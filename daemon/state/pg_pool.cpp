// The PostgreSQL crawl store's connection pool (see pg_pool.h).
#include "state/pg_pool.h"

namespace gleaner::state::pg {

Pool::Pool(std::string conninfo, std::string schema, std::size_t max_connections)
    : conninfo_(std::move(conninfo)),
      schema_(std::move(schema)),
      max_connections_(max_connections == 0 ? 1 : max_connections) {}

Pool::~Pool() = default;

Pool::Lease Pool::lease() {
    std::unique_lock lock(mutex_);
    for (;;) {
        while (!idle_.empty()) {
            auto conn = std::move(idle_.back());
            idle_.pop_back();
            lock.unlock();
            if (conn->healthy()) return Lease(*this, std::move(conn), true);
            conn.reset();  // closed by the server while idle: open another
            lock.lock();
            --open_;
        }
        if (open_ < max_connections_) break;
        returned_.wait(lock);
    }
    ++open_;
    lock.unlock();
    try {
        return Lease(*this, std::make_unique<Connection>(conninfo_, schema_), false);
    } catch (...) {
        lock.lock();
        --open_;
        returned_.notify_one();
        throw;
    }
}

void Pool::give_back(std::unique_ptr<Connection> conn) {
    // A connection left inside a transaction or broken is closed rather than lent again.
    const bool reusable = conn && conn->reusable();
    if (!reusable) conn.reset();
    std::lock_guard lock(mutex_);
    if (reusable) idle_.push_back(std::move(conn));
    else --open_;
    returned_.notify_one();
}

void Pool::rollback(Connection& conn) noexcept {
    try {
        conn.exec("ROLLBACK");
    } catch (...) {
        // The connection is broken: give_back drops it.
    }
}

}  // namespace gleaner::state::pg
