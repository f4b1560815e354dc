import Foundation
import GRDB

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension ProgressStore {
    /// Opens (creating if needed) `<directory>/progress.sqlite`; never fails.
    ///
    /// - A damaged database (not a database at all, or failing SQLite's integrity check) is renamed
    ///   with its `-wal` and `-shm` files to `progress.sqlite.corrupt-<N>` (the first N free for all
    ///   three; nothing is replaced or deleted) and a fresh database is started in its place.
    /// - A database written by a newer quorum (migrations this version does not know) is left
    ///   untouched, and the session saves nothing.
    /// - When the directory or the file cannot be created or written, the session saves nothing.
    ///
    /// When progress is not saved, the store returned keeps it in memory for the session, and a
    /// `notSaving` notice says why and what to do. Notices are meant to be shown to the learner.
    public static func open(directory: String) -> (store: ProgressStore, notices: [StoreNotice]) {
        open(directory: directory, busyTimeout: busyTimeout)
    }

    /// ``open(directory:)`` with a chosen busy timeout (tests use a short one).
    static func open(directory: String, busyTimeout: TimeInterval) -> (store: ProgressStore, notices: [StoreNotice]) {
        do {
            try FileSystem.makeDirectory(directory)
        } catch {
            let blocker = error.path == directory ? "" : "\(error.path): "
            return (inMemory(), [.cannotWrite("cannot create \(directory) (\(blocker)\(error.reason))")])
        }
        let path = DataDirectory.join(directory, DataDirectory.databaseFileName)

        let problem: String
        switch openFile(path, busyTimeout: busyTimeout) {
        case .opened(let store): return (store, [])
        case .failed(let notice): return (inMemory(), [notice])
        case .damaged(let found): problem = found
        }

        var notices: [StoreNotice] = []
        do {
            let destination = try moveAside(path)
            notices.append(.movedCorruptDatabase(from: path, to: destination, problem: problem))
        } catch  where error.code == ENOENT && error.path == path {
            // Another quorum found the same damage and moved the file first; it told its learner.
        } catch {
            let moveError = "\(error.path): \(error.reason)"
            return (inMemory(), [.cannotMoveCorruptDatabase(path, problem: problem, moveError: moveError)])
        }
        switch openFile(path, busyTimeout: busyTimeout) {
        case .opened(let store): return (store, notices)
        case .failed(let notice): return (inMemory(), notices + [notice])
        case .damaged(let again):
            let notice = StoreNotice.cannotWrite("the fresh database at \(path) could not be read either (\(again))")
            return (inMemory(), notices + [notice])
        }
    }

    enum OpenOutcome {
        case opened(ProgressStore)
        /// The file is damaged: move it aside and try again. The text names the damage.
        case damaged(String)
        /// Any other reason not to use the file.
        case failed(StoreNotice)
    }

    /// Checks, opens and migrates the database at `path`.
    static func openFile(_ path: String, busyTimeout: TimeInterval) -> OpenOutcome {
        if let verdict = inspect(path, busyTimeout: busyTimeout) { return verdict }
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration(busyTimeout: busyTimeout))
        } catch {
            return classify(error, path: path)
        }
        do {
            // Durable on power loss too, not only when the process dies; writes are rare.
            try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            try Schema.migrate(queue)
            return .opened(ProgressStore(queue: queue, databasePath: path))
        } catch {
            // Close before anything renames the file: a connection closing later would delete the
            // `-wal` file by name, which by then could belong to a fresh database.
            try? queue.close()
            return classify(error, path: path)
        }
    }

    /// Looks at an existing file through a read-only connection, which writes nothing, never
    /// checkpoints and never deletes the `-wal` file, so a file that must be moved aside or left
    /// alone is exactly as it was found. Returns nil when the file looks usable, or when a
    /// read-only look is inconclusive (say, a log left by a killed process needs recovery) and
    /// the read-write open should decide.
    static func inspect(_ path: String, busyTimeout: TimeInterval) -> OpenOutcome? {
        guard FileSystem.exists(path), !FileSystem.isDirectory(path) else { return nil }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(busyTimeout)
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            return damage(error)
        }
        defer { try? queue.close() }
        do {
            let (problems, unknownMigrations) = try queue.read { db in
                (try String.fetchAll(db, sql: "PRAGMA quick_check"), try Schema.unknownMigrations(db))
            }
            if problems != ["ok"] {
                return .damaged("integrity check failed: " + (problems.first ?? "no result"))
            }
            if !unknownMigrations.isEmpty {
                return .failed(.newerDatabase(path, unknownMigrations: unknownMigrations))
            }
            return nil
        } catch {
            return damage(error)
        }
    }

    /// `.damaged` for SQLite's "not a database" and "malformed" errors; nil for anything else.
    private static func damage(_ error: any Error) -> OpenOutcome? {
        guard let error = error as? DatabaseError,
            error.resultCode == .SQLITE_NOTADB || error.resultCode == .SQLITE_CORRUPT
        else { return nil }
        return .damaged(error.message ?? "SQLite error \(error.extendedResultCode.rawValue)")
    }

    static func classify(_ error: any Error, path: String) -> OpenOutcome {
        guard let error = error as? DatabaseError else {
            return .failed(.cannotWrite("cannot open \(path) (\(error))"))
        }
        let message = error.message ?? "SQLite error \(error.extendedResultCode.rawValue)"
        switch error.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            return .damaged(message)
        case .SQLITE_CANTOPEN, .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_AUTH, .SQLITE_IOERR:
            let directory = parentDirectory(path)
            if let problem = FileSystem.writeProblem(directory: directory) {
                return .failed(.cannotWrite("cannot write in \(directory) (\(problem))"))
            }
            if FileSystem.isDirectory(path) {
                return .failed(.cannotWrite("cannot open \(path) (it is a folder, not a file)"))
            }
            return .failed(.cannotWrite("cannot open \(path) (\(message))"))
        case .SQLITE_FULL:
            return .failed(
                .cannotWrite(
                    "the disk holding \(path) is full",
                    advice: "Free some space and restart quorum, or set QUORUM_HOME to a folder on another disk."))
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return .failed(
                .cannotWrite(
                    "\(path) is locked by another program",
                    advice: "Close whatever holds it (a stuck quorum session, a database browser) and restart quorum."))
        default:
            return .failed(.cannotWrite("cannot open \(path) (\(message))"))
        }
    }

    /// Renames the database and its `-wal`/`-shm` companions to the first free
    /// `<path>.corrupt-<N>`, keeping the companions' suffixes so that opening the moved file with
    /// `sqlite3` still sees its write-ahead log. Returns the new path of the database.
    static func moveAside(_ path: String) throws(FileSystem.Failure) -> String {
        let companions = ["-wal", "-shm"]
        for number in 1...10_000 {
            let destination = "\(path).corrupt-\(number)"
            if FileSystem.exists(destination) || companions.contains(where: { FileSystem.exists(destination + $0) }) {
                continue
            }
            do {
                try FileSystem.moveWithoutReplacing(path, to: destination)
            } catch {
                // Another process took this name between the check and the move.
                if error.code == EEXIST && error.path == destination { continue }
                throw error
            }
            for suffix in companions where FileSystem.exists(path + suffix) {
                try FileSystem.moveWithoutReplacing(path + suffix, to: destination + suffix)
            }
            return destination
        }
        throw FileSystem.Failure(path: "\(path).corrupt-10000", code: EEXIST)
    }

    private static func parentDirectory(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
