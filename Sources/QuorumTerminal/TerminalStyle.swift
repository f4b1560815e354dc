public enum QuorumTerminalPlaceholder {}
