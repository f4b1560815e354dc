/// Election times of 200 seeded runs: the sum of two uniform timeouts of 150-300ms each, so
/// histograms and CDFs of them have a triangular shape peaking near 450ms.
enum ElectionTimes {
    static let values: [Double] = {
        var random = SplitMix64(seed: 7)
        return (0..<200).map { _ in
            Double(Int.random(in: 150...300, using: &random) + Int.random(in: 150...300, using: &random))
        }
    }()
}
