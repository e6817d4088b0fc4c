import Foundation
import Testing
@testable import NewsdState

@Suite("SQLiteDatabase")
struct SQLiteDatabaseTests {
    @Test("a connection runs in WAL mode with full sync and foreign keys on")
    func pragmas() throws {
        try withTemporaryDirectory { directory in
            let database = try SQLiteDatabase(path: directory + "/test.sqlite3")
            #expect(try database.query("PRAGMA journal_mode").first?.string(0) == "wal")
            #expect(try database.query("PRAGMA synchronous").first?.int(0) == 2)
            #expect(try database.query("PRAGMA foreign_keys").first?.int(0) == 1)
        }
    }

    @Test("every value type binds and reads back unchanged")
    func valuesRoundTrip() throws {
        try withTemporaryDirectory { directory in
            let database = try SQLiteDatabase(path: directory + "/test.sqlite3")
            try database.execute("CREATE TABLE t (v)")
            let values: [SQLiteValue] = [
                .integer(.min), .integer(.max), .real(-0.25), .text("Zürich — 東京"), .text(""),
                .blob([0, 1, 255]), .blob([]), .null,
            ]
            for value in values {
                try database.run("INSERT INTO t (v) VALUES (?)", [value])
            }
            #expect(try database.query("SELECT v FROM t ORDER BY rowid").map { $0[0] } == values)
        }
    }

    @Test("a transaction whose body throws leaves nothing behind")
    func transactionRollsBack() throws {
        try withTemporaryDirectory { directory in
            let database = try SQLiteDatabase(path: directory + "/test.sqlite3")
            try database.execute("CREATE TABLE t (v INTEGER PRIMARY KEY)")
            #expect(throws: StateError.self) {
                try database.transaction { () throws(StateError) in
                    try database.run("INSERT INTO t (v) VALUES (1)")
                    try database.run("INSERT INTO t (v) VALUES (1)")
                }
            }
            #expect(try database.query("SELECT COUNT(*) FROM t").first?.int(0) == 0)
        }
    }

    @Test("a failing statement reports the SQL, SQLite's message and the database path")
    func errorContext() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/test.sqlite3"
            let database = try SQLiteDatabase(path: path)
            let error = try #require(throws: StateError.self) {
                try database.query("SELECT nope FROM nowhere")
            }
            #expect(error.operation == "SELECT nope FROM nowhere")
            #expect(error.path == path)
            guard case .sqlite(_, let message) = error.kind else {
                Issue.record("expected an SQLite error, got \(error.kind)")
                return
            }
            #expect(message == "no such table: nowhere")
            #expect(error.description.contains(path))
        }
    }
}
