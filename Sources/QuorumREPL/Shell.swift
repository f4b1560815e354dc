import CLibEdit

public enum QuorumREPLPlaceholder {}
