import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

private let interruptRequested = Atomic<Bool>(false)

/// Ctrl-C, turned from a signal that would kill the process into a request the shell can honour.
///
/// The handler only sets a flag (an atomic store is async-signal-safe). It is installed without
/// `SA_RESTART`, so a blocking read at the prompt returns `EINTR` and libedit hands back control;
/// long-running work polls `isRequested` and stops cleanly, keeping what it has.
public enum Interrupts {
    public static func install() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            interruptRequested.store(true, ordering: .relaxed)
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
        // A parent may hand us SIGINT blocked (thread pools often block signals, and children
        // inherit the mask); Ctrl-C must reach the shell all the same.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
    }

    /// Whether Ctrl-C was pressed since the last `clear()`.
    public static var isRequested: Bool {
        interruptRequested.load(ordering: .relaxed)
    }

    public static func clear() {
        interruptRequested.store(false, ordering: .relaxed)
    }

    /// For tests: behave as if Ctrl-C had been pressed.
    public static func request() {
        interruptRequested.store(true, ordering: .relaxed)
    }
}
