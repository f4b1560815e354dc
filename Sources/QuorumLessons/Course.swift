public enum QuorumLessonsPlaceholder {}
