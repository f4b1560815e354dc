#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The few POSIX file operations the store needs, with errors as the short text `strerror` gives
/// ("Permission denied"), which is what a learner can search for.
enum FileSystem {
    struct Failure: Error, Equatable {
        /// The path the operation failed on.
        var path: String
        /// The `errno` value.
        var code: Int32
        var reason: String { FileSystem.errorText(code) }
    }

    static func errorText(_ code: Int32) -> String {
        String(cString: strerror(code))
    }

    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & mode_t(S_IFMT)) == mode_t(S_IFDIR)
    }

    /// `mkdir -p`: creates `path` and any missing parents; succeeds if it already is a directory.
    static func makeDirectory(_ path: String) throws(Failure) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += prefix.isEmpty || prefix.hasSuffix("/") ? String(component) : "/" + component
            if mkdir(prefix, 0o755) == 0 { continue }
            let code = errno
            if code == EEXIST {
                if isDirectory(prefix) { continue }
                throw Failure(path: prefix, code: ENOTDIR)
            }
            // A parent we may not create but that exists (as for `/` or a mount point) is fine.
            if isDirectory(prefix) { continue }
            throw Failure(path: prefix, code: code)
        }
    }

    /// Whether this process may create files in `directory`; the reason when it may not.
    static func writeProblem(directory: String) -> String? {
        access(directory, W_OK | X_OK) == 0 ? nil : errorText(errno)
    }

    /// Renames `path` to `destination` unless `destination` exists; never replaces a file.
    ///
    /// A hard link is the atomic "create only if absent"; where the file system has no hard
    /// links, an existence check followed by `rename` is the fallback.
    static func moveWithoutReplacing(_ path: String, to destination: String) throws(Failure) {
        if link(path, destination) == 0 {
            if unlink(path) != 0 {
                let code = errno
                _ = unlink(destination)
                throw Failure(path: path, code: code)
            }
            return
        }
        let code = errno
        if code == EEXIST { throw Failure(path: destination, code: EEXIST) }
        guard !exists(destination) else { throw Failure(path: destination, code: EEXIST) }
        if rename(path, destination) != 0 { throw Failure(path: path, code: errno) }
    }
}
