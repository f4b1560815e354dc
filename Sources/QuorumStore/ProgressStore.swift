public enum QuorumStorePlaceholder {}
