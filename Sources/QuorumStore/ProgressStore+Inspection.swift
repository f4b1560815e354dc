import GRDB

/// Looking under the hood: what the database records about itself. Internal, for tests and
/// for diagnosing a learner's file; the shell never needs these.
extension ProgressStore {
    /// The migrations the database records as applied, in the order they were applied.
    func recordedMigrations() throws -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid") }
    }

    /// Names of the tables the schema defines (SQLite's and GRDB's own bookkeeping excluded).
    func tableNames() throws -> [String] {
        try read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT name FROM sqlite_master
                    WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%'
                    ORDER BY name
                    """)
        }
    }

    /// Names of the indexes on `table` that the schema created (not SQLite's automatic ones).
    func indexNames(on table: String) throws -> [String] {
        try read { db in
            try String.fetchAll(
                db,
                sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL "
                    + "ORDER BY name",
                arguments: [table])
        }
    }

    /// A pragma's value on this connection, as text (`journal_mode`, `foreign_keys`, ...).
    func pragma(_ name: String) throws -> String? {
        try read { db in try String.fetchOne(db, sql: "PRAGMA \(name)") }
    }

    /// Runs SQL in a transaction of its own.
    func execute(_ sql: String) throws {
        try write { db in try db.execute(sql: sql) }
    }

    /// Closes the connection; any later use throws.
    func close() throws {
        try queue.close()
    }
}
