import QuorumSim

/// The nearest-rank percentile of sorted values; 0 when there are none.
func percentile(_ sorted: [SimTime], _ fraction: Double) -> SimTime {
    guard !sorted.isEmpty else { return 0 }
    let rank = Int((fraction * Double(sorted.count)).rounded(.up))
    return sorted[min(sorted.count - 1, max(0, rank - 1))]
}

func milliseconds(_ time: SimTime) -> Double {
    Double(time) / Double(SimDuration.millisecond)
}
