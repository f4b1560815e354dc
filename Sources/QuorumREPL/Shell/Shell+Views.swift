import Foundation
import QuorumModels
import QuorumTerminal

extension Shell {
    /// The run's own pictures after its report: a trace waterfall, a curve.
    func drawViews(of run: SimulationRun, ascii: Bool) {
        let style = console.style
        for view in run.views {
            console.line()
            switch view {
            case .waterfall(let waterfall):
                for line in wrap(waterfall.title, width: console.width) { console.line(style.bold(line)) }
                let lines = TraceWaterfall.render(
                    waterfall.rows.map(Self.waterfallRow), width: console.width, style: style, ascii: ascii,
                    highlightMeaning: waterfall.highlightMeaning)
                for line in lines { console.line(line) }
                for note in waterfall.notes {
                    for line in wrap(note, width: console.width) { console.line(style.dim(line)) }
                }
            case .series(let series):
                for line in wrap(series.title, width: console.width) { console.line(style.bold(line)) }
                let lines = ColumnChart.render(
                    series.points.map(\.y), xLabels: series.points.map { formatMetric($0.x) }, marked: series.marked,
                    xName: series.xName, width: console.width, height: 8, style: style, ascii: ascii)
                for line in lines { console.line(line) }
            }
        }
    }

    /// Writes the run's waterfall, if it has one, as an SVG beside `path` (`run.svg` gives
    /// `run-waterfall.svg`); false after reporting a failure.
    func writeWaterfallSVG(of run: SimulationRun, besides path: String) -> Bool {
        for case .waterfall(let waterfall) in run.views {
            let url = URL(fileURLWithPath: path)
            let stem = url.deletingPathExtension().lastPathComponent
            let target = url.deletingLastPathComponent().appendingPathComponent(stem + "-waterfall.svg")
            let name = path.contains("/") ? target.path : target.lastPathComponent
            let svg = TraceWaterfallSVG.render(
                waterfall.rows.map(Self.waterfallRow), title: waterfall.title,
                highlightMeaning: waterfall.highlightMeaning)
            do {
                try svg.write(to: target, atomically: true, encoding: .utf8)
            } catch {
                console.error("could not write \(name): \(error.localizedDescription).")
                return false
            }
            console.line("wrote \(name): the trace waterfall (hover over a bar for its span's ids).")
        }
        return true
    }

    private static func waterfallRow(_ row: WaterfallRow) -> TraceWaterfall.Row {
        TraceWaterfall.Row(
            depth: row.depth, label: row.label, start: row.start, end: row.end, highlighted: row.highlighted,
            detail: row.detail)
    }
}
