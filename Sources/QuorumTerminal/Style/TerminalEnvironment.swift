#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What the process can learn about the terminal it writes to.
public enum TerminalEnvironment {
    /// The narrowest and widest layouts the renderers produce.
    public static let widthRange = 20...250
    /// The width used when neither the terminal nor `$COLUMNS` says.
    public static let defaultWidth = 80

    public static func isTerminal(_ fd: Int32) -> Bool {
        isatty(fd) == 1
    }

    /// Columns available for output: the terminal's own width when `fileDescriptor` is a
    /// terminal, else a positive `$COLUMNS`, else 80; clamped to `widthRange`.
    public static func width(fileDescriptor: Int32, environment: [String: String]) -> Int {
        if let columns = terminalColumns(fileDescriptor) {
            return clamp(columns)
        }
        if let text = environment["COLUMNS"], let columns = Int(text.trimmingSpaces), columns > 0 {
            return clamp(columns)
        }
        return defaultWidth
    }

    /// Whether output should carry colour.
    ///
    /// Only when it goes to a terminal, `--no-color` was not given, `TERM` is not `dumb`, and
    /// `NO_COLOR` is not set to a non-empty value (no-color.org: an empty `NO_COLOR` is as if
    /// it were unset).
    public static func colorEnabled(isTerminal: Bool, environment: [String: String], noColorFlag: Bool) -> Bool {
        guard isTerminal, !noColorFlag else { return false }
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty {
            return false
        }
        return environment["TERM"] != "dumb"
    }

    private static func terminalColumns(_ fd: Int32) -> Int? {
        var size = winsize()
        #if canImport(Glibc)
            let result = ioctl(fd, UInt(TIOCGWINSZ), &size)
        #else
            let result = ioctl(fd, TIOCGWINSZ, &size)
        #endif
        guard result == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }

    private static func clamp(_ columns: Int) -> Int {
        min(max(columns, widthRange.lowerBound), widthRange.upperBound)
    }
}

extension String {
    fileprivate var trimmingSpaces: Substring {
        let start = firstIndex { $0 != " " } ?? endIndex
        let end = lastIndex { $0 != " " }.map(index(after:)) ?? start
        return self[start..<max(start, end)]
    }
}
