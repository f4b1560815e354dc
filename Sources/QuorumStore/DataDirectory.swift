import Foundation

/// Where quorum keeps the learner's data: the progress database and, beside it, the REPL history.
public enum DataDirectory {
    /// The database's file name inside the data directory.
    public static let databaseFileName = "progress.sqlite"

    /// `$QUORUM_HOME`, else `$XDG_DATA_HOME/quorum`, else `<home>/.local/share/quorum`.
    ///
    /// Empty values count as unset. A relative `XDG_DATA_HOME` is ignored, as the XDG Base
    /// Directory specification requires.
    public static func resolve(environment: [String: String], homeDirectory: String) -> String {
        if let home = environment["QUORUM_HOME"], !home.isEmpty {
            return home
        }
        if let dataHome = environment["XDG_DATA_HOME"], dataHome.hasPrefix("/") {
            return join(dataHome, "quorum")
        }
        return join(join(join(homeDirectory, ".local"), "share"), "quorum")
    }

    /// ``resolve(environment:homeDirectory:)`` for this process's environment and user.
    public static func resolve() -> String {
        resolve(
            environment: ProcessInfo.processInfo.environment,
            homeDirectory: FileManager.default.homeDirectoryForCurrentUser.path)
    }

    static func join(_ directory: String, _ name: String) -> String {
        if directory.isEmpty { return name }
        return directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }
}
