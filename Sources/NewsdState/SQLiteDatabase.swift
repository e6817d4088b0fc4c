import CSQLite

/// A value bound to, or read from, an SQLite statement.
enum SQLiteValue: Sendable, Equatable {
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
    case null

    /// `text`, or `null` when absent.
    static func text(_ value: String?) -> SQLiteValue {
        value.map { .text($0) } ?? .null
    }

    /// `real`, or `null` when absent.
    static func real(_ value: Double?) -> SQLiteValue {
        value.map { .real($0) } ?? .null
    }
}

/// One result row, its columns in the order the statement selected them.
struct SQLiteRow: Sendable {
    var values: [SQLiteValue]

    subscript(column: Int) -> SQLiteValue { values[column] }

    func int64(_ column: Int) -> Int64? {
        if case .integer(let value) = values[column] { return value }
        return nil
    }

    func int(_ column: Int) -> Int? {
        int64(column).map { Int($0) }
    }

    func double(_ column: Int) -> Double? {
        switch values[column] {
        case .real(let value): value
        case .integer(let value): Double(value)
        default: nil
        }
    }

    func string(_ column: Int) -> String? {
        if case .text(let value) = values[column] { return value }
        return nil
    }

    func blob(_ column: Int) -> [UInt8]? {
        switch values[column] {
        case .blob(let value): value
        case .text(let value): Array(value.utf8)
        default: nil
        }
    }
}

/// One open SQLite database: the only type in newsd that touches `sqlite3 *` and `sqlite3_stmt *`.
///
/// The connection is opened with `SQLITE_OPEN_NOMUTEX`: SQLite does no locking of its own for it, so the owner must
/// confine the object to one thread at a time. ``StateStore`` does that with a lock around every use.
///
/// Every connection runs in WAL mode with `synchronous = FULL` (a committed transaction survives power loss, which
/// the spool's exactly-once promise relies on), `foreign_keys = ON`, and a busy timeout. Statements are prepared
/// once per SQL text and kept until the database closes.
final class SQLiteDatabase {
    /// The database file.
    let path: String
    private let connection: OpaquePointer
    private var statements: [String: OpaquePointer] = [:]

    /// Opens (creating if needed) the database at `path`.
    ///
    /// A file that is not an SQLite database is reported here, as the first statement reads its header.
    init(path: String, busyTimeoutMilliseconds: Int32 = 5_000) throws(StateError) {
        var connection: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &connection, flags, nil)
        guard code == SQLITE_OK, let connection else {
            let message = connection.map { String(cString: sqlite3_errmsg($0)) }
                ?? String(cString: sqlite3_errstr(code))
            sqlite3_close_v2(connection)
            throw StateError(operation: "open", path: path, kind: .sqlite(code: code, message: message))
        }
        self.path = path
        self.connection = connection
        sqlite3_extended_result_codes(connection, 1)
        sqlite3_busy_timeout(connection, busyTimeoutMilliseconds)
        try execute("PRAGMA journal_mode = WAL")
        try execute("PRAGMA synchronous = FULL")
        try execute("PRAGMA foreign_keys = ON")
    }

    deinit {
        for statement in statements.values {
            sqlite3_finalize(statement)
        }
        sqlite3_close_v2(connection)
    }

    /// Runs one or more statements that take no parameters (schema scripts, pragmas); rows are discarded.
    func execute(_ sql: String) throws(StateError) {
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(connection, sql, nil, nil, &message)
        defer { sqlite3_free(message) }
        guard code == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(connection))
            throw StateError(operation: sql, path: path, kind: .sqlite(code: code, message: text))
        }
    }

    /// Runs one statement with its parameters bound in order (`?` or `?N`) and returns every result row.
    func query(_ sql: String, _ bindings: [SQLiteValue] = []) throws(StateError) -> [SQLiteRow] {
        var rows: [SQLiteRow] = []
        try forEachRow(sql, bindings) { rows.append($0) }
        return rows
    }

    /// Runs one statement and hands each result row to `body` as it is read, without holding them all.
    func forEachRow(_ sql: String, _ bindings: [SQLiteValue] = [], _ body: (SQLiteRow) -> Void) throws(StateError) {
        let statement = try prepared(sql)
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        for (offset, value) in bindings.enumerated() {
            let code = bind(value, at: Int32(offset + 1), to: statement)
            guard code == SQLITE_OK else { throw failure(sql, code) }
        }
        while true {
            let code = sqlite3_step(statement)
            if code == SQLITE_DONE {
                return
            }
            guard code == SQLITE_ROW else { throw failure(sql, code) }
            body(row(of: statement))
        }
    }

    /// Runs one statement that changes data and returns how many rows it changed.
    @discardableResult
    func run(_ sql: String, _ bindings: [SQLiteValue] = []) throws(StateError) -> Int {
        _ = try query(sql, bindings)
        return Int(sqlite3_changes(connection))
    }

    /// Runs `body` inside `BEGIN IMMEDIATE … COMMIT`; if `body` or the commit throws, rolls back and rethrows.
    ///
    /// `IMMEDIATE` takes the write lock up front, so a transaction never fails half-way for lock upgrades.
    /// Transactions do not nest.
    func transaction<Result>(_ body: () throws(StateError) -> Result) throws(StateError) -> Result {
        precondition(sqlite3_get_autocommit(connection) != 0, "SQLiteDatabase transactions do not nest")
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            if sqlite3_get_autocommit(connection) == 0 {
                sqlite3_exec(connection, "ROLLBACK", nil, nil, nil)
            }
            throw error
        }
    }

    /// The schema version kept in `PRAGMA user_version`.
    func userVersion() throws(StateError) -> Int {
        try query("PRAGMA user_version").first?.int(0) ?? 0
    }

    /// Sets `PRAGMA user_version`; inside a transaction, it commits or rolls back with it.
    func setUserVersion(_ version: Int) throws(StateError) {
        try execute("PRAGMA user_version = \(version)")
    }

    // MARK: - Statements

    private func prepared(_ sql: String) throws(StateError) -> OpaquePointer {
        if let statement = statements[sql] {
            return statement
        }
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v3(connection, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard code == SQLITE_OK, let statement else { throw failure(sql, code) }
        statements[sql] = statement
        return statement
    }

    private func bind(_ value: SQLiteValue, at index: Int32, to statement: OpaquePointer) -> Int32 {
        switch value {
        case .integer(let integer):
            return sqlite3_bind_int64(statement, index, integer)
        case .real(let real):
            return sqlite3_bind_double(statement, index, real)
        case .text(let text):
            return text.withCString { characters in
                sqlite3_bind_text(statement, index, characters, Int32(text.utf8.count), csqlite_transient())
            }
        case .blob(let bytes) where bytes.isEmpty:
            return sqlite3_bind_zeroblob(statement, index, 0)
        case .blob(let bytes):
            return bytes.withUnsafeBytes { buffer in
                sqlite3_bind_blob(statement, index, buffer.baseAddress, Int32(buffer.count), csqlite_transient())
            }
        case .null:
            return sqlite3_bind_null(statement, index)
        }
    }

    private func row(of statement: OpaquePointer) -> SQLiteRow {
        var values: [SQLiteValue] = []
        for column in 0..<sqlite3_column_count(statement) {
            switch sqlite3_column_type(statement, column) {
            case SQLITE_INTEGER:
                values.append(.integer(sqlite3_column_int64(statement, column)))
            case SQLITE_FLOAT:
                values.append(.real(sqlite3_column_double(statement, column)))
            case SQLITE_TEXT:
                let count = Int(sqlite3_column_bytes(statement, column))
                let text = sqlite3_column_text(statement, column).map {
                    String(decoding: UnsafeBufferPointer(start: $0, count: count), as: UTF8.self)
                }
                values.append(.text(text ?? ""))
            case SQLITE_BLOB:
                let count = Int(sqlite3_column_bytes(statement, column))
                let bytes = sqlite3_column_blob(statement, column).map {
                    Array(UnsafeRawBufferPointer(start: $0, count: count))
                }
                values.append(.blob(bytes ?? []))
            default:
                values.append(.null)
            }
        }
        return SQLiteRow(values: values)
    }

    private func failure(_ sql: String, _ code: Int32) -> StateError {
        let message = String(cString: sqlite3_errmsg(connection))
        return StateError(operation: sql, path: path, kind: .sqlite(code: code, message: message))
    }
}
