// The PostgreSQL crawl store's connection pool: the store is called from many threads at once (the
// worker pool, one thread per plugin), each call one transaction on a connection of its own. The
// pool opens connections on demand up to a limit; a caller past the limit waits for one to be given
// back. A connection that breaks is dropped, not given back.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <type_traits>
#include <vector>

#include "state/pg_connection.h"

namespace gleaner::state::pg {

class Pool {
public:
    // Connections go to `conninfo` and work in `schema`.
    Pool(std::string conninfo, std::string schema, std::size_t max_connections);
    ~Pool();
    Pool(const Pool&) = delete;
    Pool& operator=(const Pool&) = delete;

    // Runs `work(Connection&)` between BEGIN and COMMIT and returns what it returns. The whole
    // transaction runs again when the server rolled it back for a deadlock or a serialization
    // failure, and once on a new connection when a pooled one turns out to have been closed by the
    // server (a restart) before BEGIN reached it. Anything else is rolled back and thrown.
    template <class Work>
    auto transaction(Work&& work) -> std::invoke_result_t<Work&, Connection&> {
        return with_connection(true, work);
    }
    // Runs `work(Connection&)` — a single statement, its own transaction — again after a deadlock or
    // serialization failure. (A pooled connection is checked before it is lent: see Connection::healthy.)
    template <class Work>
    auto single(Work&& work) -> std::invoke_result_t<Work&, Connection&> {
        return with_connection(false, work);
    }

    // A connection borrowed from the pool for as long as it lives.
    class Lease {
    public:
        Lease(Pool& pool, std::unique_ptr<Connection> conn, bool reused)
            : pool_(pool), conn_(std::move(conn)), reused_(reused) {}
        ~Lease() { pool_.give_back(std::move(conn_)); }
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        Connection& operator*() { return *conn_; }
        Connection* operator->() { return conn_.get(); }
        bool reused() const { return reused_; }

    private:
        Pool& pool_;
        std::unique_ptr<Connection> conn_;
        bool reused_;
    };
    Lease lease();

private:
    static constexpr int kMaxAttempts = 5;

    template <class Work>
    auto with_connection(bool transaction, Work& work) -> std::invoke_result_t<Work&, Connection&> {
        for (int attempt = 1;; ++attempt) {
            Lease conn = lease();
            try {
                if (transaction) conn->exec("BEGIN");
            } catch (const Error& e) {
                if (e.connection_lost() && conn.reused() && attempt == 1) continue;
                throw;
            }
            try {
                if constexpr (std::is_void_v<std::invoke_result_t<Work&, Connection&>>) {
                    work(*conn);
                    if (transaction) conn->exec("COMMIT");
                    return;
                } else {
                    auto result = work(*conn);
                    if (transaction) conn->exec("COMMIT");
                    return result;
                }
            } catch (const Error& e) {
                if (transaction) rollback(*conn);
                if (e.retryable() && attempt < kMaxAttempts) continue;
                throw;
            } catch (...) {
                if (transaction) rollback(*conn);
                throw;
            }
        }
    }

    static void rollback(Connection& conn) noexcept;
    void give_back(std::unique_ptr<Connection> conn);

    std::string conninfo_;
    std::string schema_;
    std::size_t max_connections_;
    std::mutex mutex_;
    std::condition_variable returned_;
    std::vector<std::unique_ptr<Connection>> idle_;
    std::size_t open_ = 0;  // idle plus lent out
};

}  // namespace gleaner::state::pg
