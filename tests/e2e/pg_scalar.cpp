// One statement against a test PostgreSQL server (see pg_scalar.h).
#include "pg_scalar.h"

#include <libpq-fe.h>

namespace gleaner::testing {

std::string pg_scalar(const std::string& conninfo, const std::string& sql) {
    PGconn* conn = PQconnectdb(conninfo.c_str());
    std::string value;
    if (PQstatus(conn) == CONNECTION_OK) {
        PGresult* r = PQexec(conn, sql.c_str());
        if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) >= 1) value = PQgetvalue(r, 0, 0);
        PQclear(r);
    }
    PQfinish(conn);
    return value;
}

}  // namespace gleaner::testing
