// A fresh SQLite crawl-state store in a temporary folder for each test.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>

#include "state/sqlite_store.h"

namespace gleaner::testing {

class StateTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("gleaner-state-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(dir_);
        reopen();
    }
    void TearDown() override {
        store_.reset();
        std::filesystem::remove_all(dir_);
    }
    // Closes and opens the store again, as a restarted daemon would.
    void reopen() {
        store_.reset();
        store_ = std::make_unique<state::SqliteStore>(dir_);
    }

    std::filesystem::path dir_;
    std::unique_ptr<state::SqliteStore> store_;
};

}  // namespace gleaner::testing
