// A fresh state database in a temporary folder for each test.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>

#include "state/schema.h"
#include "state/sqlite_db.h"

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
        db_.reset();
        std::filesystem::remove_all(dir_);
    }
    // Closes and opens the database again, as a restarted daemon would.
    void reopen() {
        db_.reset();
        db_ = std::make_shared<state::Database>(dir_ / "gleaner.db");
        state::apply_schema(*db_);
    }

    std::filesystem::path dir_;
    std::shared_ptr<state::Database> db_;
};

}  // namespace gleaner::testing
