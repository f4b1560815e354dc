/// Something the learner must be told about their saved progress when the store opens.
///
/// ``description`` is the whole message, ready to print: what happened and what to do.
public struct StoreNotice: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// A damaged database was renamed (never deleted) and a fresh one started in its place.
        case movedCorruptDatabase(from: String, to: String)
        /// This session keeps progress in memory only; `reason` says why, in a few words.
        case notSaving(reason: String)
    }

    public var kind: Kind
    public var description: String

    public init(kind: Kind, description: String) {
        self.kind = kind
        self.description = description
    }

    static func movedCorruptDatabase(from path: String, to destination: String, problem: String) -> StoreNotice {
        StoreNotice(
            kind: .movedCorruptDatabase(from: path, to: destination),
            description: "Your progress database at \(path) could not be read (\(problem)); it was moved to "
                + "\(destination) and a fresh one was started. Nothing was deleted.")
    }

    /// The data directory or database file cannot be created or written; `advice` says what to do.
    static func cannotWrite(_ reason: String, advice: String = "Set QUORUM_HOME to a writable folder.") -> StoreNotice {
        StoreNotice(
            kind: .notSaving(reason: reason),
            description: "Progress will not be saved this session: \(reason). \(advice)")
    }

    /// The database was damaged and could not be renamed out of the way.
    static func cannotMoveCorruptDatabase(_ path: String, problem: String, moveError: String) -> StoreNotice {
        StoreNotice(
            kind: .notSaving(reason: "\(path) is damaged (\(problem)) and could not be moved aside (\(moveError))"),
            description: "Progress will not be saved this session: your progress database at \(path) could not "
                + "be read (\(problem)) and could not be moved aside (\(moveError)). Move or rename that file "
                + "yourself, or set QUORUM_HOME to another folder, then restart quorum.")
    }

    /// The database carries migrations this version does not know: a newer quorum wrote it.
    static func newerDatabase(_ path: String, unknownMigrations: [String]) -> StoreNotice {
        StoreNotice(
            kind: .notSaving(reason: "\(path) was written by a newer version of quorum"),
            description: "Progress will not be saved this session: your progress database at \(path) was "
                + "written by a newer version of quorum (it has changes this version does not know: "
                + "\(unknownMigrations.joined(separator: ", "))). It was left untouched. Update quorum to keep "
                + "saving progress there.")
    }
}
