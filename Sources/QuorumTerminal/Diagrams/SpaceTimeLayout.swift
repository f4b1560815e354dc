/// Where the parts of a space-time diagram go across the width.
struct SpaceTimeLayout {
    /// Columns of the right-aligned time labels.
    let timeWidth: Int
    /// Column of the first lane.
    let firstLane: Int
    /// Columns from one lane to the next.
    let spacing: Int
    /// Column where the notes start.
    let notes: Int
    let width: Int

    init(laneCount: Int, times: [Int64], width: Int) {
        self.width = width
        timeWidth = times.map { TimeText.format(microseconds: $0).count }.reduce(4, max)
        firstLane = timeWidth + 2
        let available = width - firstLane
        guard laneCount > 0 else {
            spacing = 0
            notes = firstLane
            return
        }
        // Notes get at least two fifths of the room: labels are what the arrows mean. Lanes stay
        // at least three columns apart, so that two-character names fit and arrows show.
        let noteRoom = max(12, available * 2 / 5)
        spacing = min(16, max(3, (available - noteRoom) / laneCount))
        notes = firstLane + spacing * (laneCount - 1) + 3
    }

    func column(ofLane lane: Int) -> Int {
        firstLane + spacing * lane
    }
}
