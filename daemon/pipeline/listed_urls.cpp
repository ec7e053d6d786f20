// Article URLs listed by feeds, sitemaps and section pages, on their way to admission. A source keeps
// one admission's worth of them (ArticleAdmission::slots) waiting in memory; what a long listing adds
// beyond that goes to a backlog file (url_backlog.h) and comes back a slice at a time whenever the
// source's waiting URLs fall to half of that, so RSS stays flat however many URLs sitemaps list.
// I/O thread, with the file I/O on the worker pool.
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include <algorithm>

#include "log/log.h"
#include "pipeline/pipeline.h"
#include "pipeline/source_state.h"

namespace gleaner::pipeline {

void Pipeline::accept_urls(const SourcePtr& source, std::vector<ListedUrl> urls) {
    const std::size_t share = admission_.slots();
    const std::size_t waiting = admission_.waiting(source->config.name);
    // URLs already on disk go first: later ones queue behind them. (A file still being written does not
    // count yet; order among a source's URLs is a preference, not a promise.)
    const std::size_t keep = source->backlog.empty() && waiting < share ? share - waiting : 0;
    const std::size_t kept = std::min(keep, urls.size());
    for (std::size_t i = 0; i < kept; ++i) enqueue_article(source, std::move(urls[i].url), std::move(urls[i].hints));
    if (kept == urls.size()) return;
    urls.erase(urls.begin(), urls.begin() + static_cast<std::ptrdiff_t>(kept));
    write_to_backlog(source, std::move(urls));
}

void Pipeline::write_to_backlog(const SourcePtr& source, std::vector<ListedUrl> urls) {
    begin_work(source);  // the pass is not over while its URLs wait on disk; ended when the file is read
    const std::string name = std::to_string(++backlog_files_) + ".jsonl";
    boost::asio::post(services_.pool, [this, source, name, urls = std::move(urls)]() mutable {
        try {
            auto file = write_backlog(backlog_dir_, name, urls);
            urls.clear();
            urls.shrink_to_fit();
            boost::asio::post(services_.io, [this, source, file = std::move(file)]() mutable {
                urls_backlogged_ += file.remaining;
                log::debug("listed URLs wait on disk", {{"SOURCE", source->config.name},
                                                        {"COUNT", std::to_string(file.remaining)},
                                                        {"FILE", file.path.string()}});
                source->backlog.push_back(std::move(file));
                read_from_backlog(source);
            });
        } catch (const std::exception& e) {
            // Nothing is dropped for want of disk: the URLs wait in memory instead.
            log::error("cannot write URL backlog; the URLs wait in memory",
                       {{"SOURCE", source->config.name}, {"ERROR", e.what()}});
            boost::asio::post(services_.io, [this, source, urls = std::move(urls)]() mutable {
                for (auto& u : urls) enqueue_article(source, std::move(u.url), std::move(u.hints));
                end_work(source);
            });
        }
    });
}

// Called whenever one of the source's articles ends and when a backlog file is ready: reads the next
// slice once the source's waiting URLs have fallen to half its share. A stopping daemon fetches
// nothing new, so it drops the backlog instead.
void Pipeline::read_from_backlog(const SourcePtr& source) {
    if (source->backlog_reading || source->backlog.empty()) return;
    if (stopping_) {
        for (const auto& file : source->backlog) {
            urls_backlogged_ -= file.remaining;
            boost::asio::post(services_.pool, [file] { remove_backlog(file); });
            end_work(source);
        }
        source->backlog.clear();
        return;
    }
    const std::size_t share = admission_.slots();
    if (admission_.waiting(source->config.name) > share / 2) return;
    source->backlog_reading = true;
    boost::asio::post(services_.pool, [this, source, file = source->backlog.front(), share]() mutable {
        const std::size_t before = file.remaining;
        std::vector<ListedUrl> urls;
        std::string error;
        try {
            urls = read_backlog(file, share);
        } catch (const std::exception& e) {
            error = e.what();
            remove_backlog(file);
            file.remaining = 0;
        }
        boost::asio::post(services_.io, [this, source, file, before, urls = std::move(urls), error]() mutable {
            source->backlog_reading = false;
            urls_backlogged_ -= before - file.remaining;
            if (!error.empty()) {
                log::error("URL backlog unreadable; its URLs are dropped until a listing names them again",
                           {{"SOURCE", source->config.name}, {"COUNT", std::to_string(before)}, {"ERROR", error}});
                note_failure(source, error);
            }
            const bool finished = file.remaining == 0;
            if (finished)
                source->backlog.pop_front();
            else
                source->backlog.front() = file;
            for (auto& u : urls) enqueue_article(source, std::move(u.url), std::move(u.hints));
            if (finished) end_work(source);
            read_from_backlog(source);
        });
    });
}

}  // namespace gleaner::pipeline
