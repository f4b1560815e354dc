import GRDB

/// Why the store could not read or save progress, in words a learner can act on.
public enum StoreError: Error, CustomStringConvertible, Equatable {
    /// The disk (or the file system holding the database) has no room left.
    case diskFull(database: String)
    /// The database file or its folder cannot be written.
    case readOnly(database: String)
    /// Another process kept the database locked for longer than the busy timeout.
    case locked(database: String)
    /// SQLite found damage while reading or writing.
    case corrupt(database: String, detail: String)
    /// Any other SQLite failure; `detail` is SQLite's own message.
    case failed(database: String, detail: String)
    /// A progress file to import is not a quorum progress document.
    case invalidDocument(reason: String)
    /// A progress file to import was exported by a newer quorum.
    case unsupportedDocumentVersion(Int)

    public var description: String {
        switch self {
        case .diskFull(let database):
            "Could not save progress to \(database): the disk is full. Free some space and try again."
        case .readOnly(let database):
            "Could not save progress to \(database): the file or its folder is read-only. Make it writable, "
                + "or set QUORUM_HOME to a writable folder and restart quorum."
        case .locked(let database):
            "Could not save progress to \(database): another program kept it locked for too long. Close other "
                + "quorum sessions that are busy (or any tool that has the file open) and try again."
        case .corrupt(let database, let detail):
            "Your progress database at \(database) is damaged (\(detail)). Restart quorum: it will move the "
                + "damaged file aside and start a fresh one."
        case .failed(let database, let detail):
            "Could not read or save progress in \(database) (\(detail)). Try again; if it keeps happening, "
                + "restart quorum."
        case .invalidDocument(let reason):
            "This is not a quorum progress file: \(reason). Export one with `progress export FILE`."
        case .unsupportedDocumentVersion(let version):
            "This progress file has version \(version), written by a newer quorum; this version reads versions "
                + "1 to \(ProgressDocument.currentVersion). Update quorum to import it."
        }
    }

    /// Maps a GRDB failure on `database` (a path, or a name for the in-memory store).
    init(_ error: any Error, database: String) {
        guard let error = error as? DatabaseError else {
            self = .failed(database: database, detail: String(describing: error))
            return
        }
        let detail = error.message ?? "SQLite error \(error.extendedResultCode.rawValue)"
        switch error.resultCode {
        case .SQLITE_FULL: self = .diskFull(database: database)
        case .SQLITE_READONLY, .SQLITE_PERM: self = .readOnly(database: database)
        case .SQLITE_BUSY, .SQLITE_LOCKED: self = .locked(database: database)
        case .SQLITE_CORRUPT, .SQLITE_NOTADB: self = .corrupt(database: database, detail: detail)
        default: self = .failed(database: database, detail: detail)
        }
    }
}
