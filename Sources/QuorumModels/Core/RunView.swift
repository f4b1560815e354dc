import QuorumSim

/// A picture of a run that its trace does not give: a trace waterfall, a curve of one quantity
/// against another. The shell draws each one after the metrics.
///
/// The model says what to draw, as plain data; the shell decides how (the terminal's width and
/// colours, or SVG).
public enum RunView: Sendable, Equatable {
    case waterfall(WaterfallView)
    case series(SeriesView)
}

/// Spans of work on a shared time axis, one row each, nested by depth: a trace waterfall.
public struct WaterfallView: Sendable, Equatable {
    public var title: String
    public var rows: [WaterfallRow]
    /// What a highlighted row means, for the legend: `critical path`.
    public var highlightMeaning: String
    /// Lines printed under the chart: what the rows leave out, and why.
    public var notes: [String]

    public init(title: String, rows: [WaterfallRow], highlightMeaning: String, notes: [String] = []) {
        self.title = title
        self.rows = rows
        self.highlightMeaning = highlightMeaning
        self.notes = notes
    }
}

/// One bar of a waterfall.
public struct WaterfallRow: Sendable, Equatable {
    /// 0 for a root; a row's children have its depth plus one.
    public var depth: Int
    public var label: String
    public var start: SimTime
    public var end: SimTime
    public var highlighted: Bool
    /// Everything else about the row, for a tooltip: ids, the clock it was measured on.
    public var detail: String

    public init(depth: Int, label: String, start: SimTime, end: SimTime, highlighted: Bool, detail: String = "") {
        self.depth = depth
        self.label = label
        self.start = start
        self.end = end
        self.highlighted = highlighted
        self.detail = detail
    }
}

/// One quantity against another, one value per step of the first: throughput against nodes.
public struct SeriesView: Sendable, Equatable {
    public var title: String
    /// What the x values count, for the axis: `nodes`.
    public var xName: String
    public var points: [SeriesPoint]
    /// The index of a point to mark, such as a peak.
    public var marked: Int?

    public init(title: String, xName: String, points: [SeriesPoint], marked: Int? = nil) {
        self.title = title
        self.xName = xName
        self.points = points
        self.marked = marked
    }
}

public struct SeriesPoint: Sendable, Equatable {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}
