/// Where things go in the SVG space-time diagram: lane positions, the time scale and its ticks.
struct SpaceTimeSVGLayout {
    /// A stretch of a lane's line, in y coordinates.
    struct Stretch: Equatable {
        var from: Double
        var to: Double
        var crashed: Bool
    }

    let scene: SpaceTimeScene
    /// Left edge of the drawing area, right of the time labels.
    let left = 90.0
    let laneGap = 150.0
    let firstLane = 150.0
    /// y of the window's start.
    let top = 80.0
    let width: Double
    let height: Double
    /// Every instant something is drawn at, in order, and the y it is drawn at.
    private let instants: [Int64]
    private let positions: [Double]
    /// Instants labelled on the axis: all of them, unless two would be too close to read.
    let ticks: [Int64]

    /// Vertical room between two consecutive instants: at least enough to tell them apart and to
    /// fit a label, growing with the time between them but compressed (square root) and capped,
    /// so that a burst of messages within a millisecond and a quiet second both stay legible.
    static let minimumGap = 24.0
    static let maximumGap = 120.0

    init(_ scene: SpaceTimeScene) {
        self.scene = scene
        let window = scene.start...max(scene.start, scene.end)
        var times: Set<Int64> = [window.lowerBound, window.upperBound]
        for message in scene.messages {
            times.insert(message.sentAt)
            switch message.fate {
            case .delivered(let at), .dropped(let at, _): times.insert(at)
            case .inFlight: break
            }
        }
        for mark in scene.marks {
            times.insert(mark.time)
        }
        for band in scene.bands {
            times.insert(band.start)
            if let end = band.end {
                times.insert(end)
            }
        }
        instants = Set(times.map { min(max($0, window.lowerBound), window.upperBound) }).sorted()
        let gaps = zip(instants, instants.dropFirst()).map { Double($1) - Double($0) }
        let longest = gaps.max() ?? 1
        var y = top
        var positions = [top]
        for gap in gaps {
            y += Self.minimumGap + (Self.maximumGap - Self.minimumGap) * (gap / longest).squareRoot()
            positions.append(y)
        }
        self.positions = positions
        var ticks: [Int64] = []
        var lastLabel = -Double.infinity
        for (instant, position) in zip(instants, positions) where position - lastLabel >= 16 {
            ticks.append(instant)
            lastLabel = position
        }
        self.ticks = ticks
        // Room on the right for the text of marks on the last lane.
        width = firstLane + laneGap * Double(max(scene.lanes.count, 1) - 1) + 260
        height = y + 60
    }

    func x(_ lane: Int) -> Double {
        firstLane + laneGap * Double(lane)
    }

    /// y of `time`, clamped to the window; between two instants the scale is linear.
    func y(_ time: Int64) -> Double {
        guard let first = instants.first, let last = instants.last, time > first else { return top }
        guard time < last else { return positions[positions.count - 1] }
        // The first instant after `time`; the one before it exists because time > first.
        var low = 0
        var high = instants.count - 1
        while low < high {
            let middle = (low + high) / 2
            if instants[middle] < time {
                low = middle + 1
            } else {
                high = middle
            }
        }
        let (before, after) = (instants[low - 1], instants[low])
        let fraction = (Double(time) - Double(before)) / (Double(after) - Double(before))
        return positions[low - 1] + (positions[low] - positions[low - 1]) * fraction
    }

    /// The lane's line from the window's top to its bottom, cut where it crashes and restarts.
    func stretches(of lane: Int) -> [Stretch] {
        let changes = scene.marks.filter { mark in
            mark.lane == lane && (mark.kind == .crash || mark.kind == .restart)
                && mark.time >= scene.start && mark.time <= scene.end
        }
        .enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
        var crashed = changes.first?.kind == .restart
        var from = y(scene.start) - 10
        var stretches: [Stretch] = []
        for change in changes where (change.kind == .crash) != crashed {
            let at = y(change.time)
            stretches.append(Stretch(from: from, to: at, crashed: crashed))
            from = at
            crashed.toggle()
        }
        stretches.append(Stretch(from: from, to: y(scene.end) + 10, crashed: crashed))
        return stretches.filter { $0.to > $0.from || stretches.count == 1 }
    }

    /// The valid lanes among `lanes` as runs of adjacent ones, left to right.
    func runs(of lanes: [Int]) -> [ClosedRange<Int>] {
        let sorted = Set(lanes.filter(scene.lanes.indices.contains)).sorted()
        var runs: [ClosedRange<Int>] = []
        for lane in sorted {
            if let last = runs.last, last.upperBound == lane - 1 {
                runs[runs.count - 1] = last.lowerBound...lane
            } else {
                runs.append(lane...lane)
            }
        }
        return runs
    }

    /// Left and right x of a rectangle covering the lanes of `run` and part of the gaps beside them.
    func span(ofLanes run: ClosedRange<Int>) -> (Double, Double) {
        (x(run.lowerBound) - laneGap * 0.4, x(run.upperBound) + laneGap * 0.4)
    }
}
