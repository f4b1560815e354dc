/// The version `quorum --version` prints.
public enum QuorumVersion {
    public static let current = "0.1.0"
}
