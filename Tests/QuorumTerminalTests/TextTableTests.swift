import Testing

@testable import QuorumTerminal

@Suite struct TextTableTests {
    @Test func drawsBordersAroundHeaderAndRowsWithAlignment() {
        var table = TextTable(headers: ["Model", "Rounds"], alignments: [.left, .right])
        table.addRow(["raft", "3"])
        table.addRow(["gossip", "12"])
        let expected = """
            ┌────────┬────────┐
            │ Model  │ Rounds │
            ├────────┼────────┤
            │ raft   │      3 │
            │ gossip │     12 │
            └────────┴────────┘
            """
        #expect(table.render(style: .plain, maxWidth: 80) == expected)
    }

    @Test func centresWithTheOddSpaceOnTheRight() {
        var table = TextTable(headers: ["abcd"], alignments: [.center])
        table.addRow(["x"])
        #expect(table.render(style: .plain, maxWidth: 80).split(separator: "\n")[3] == "│  x   │")
    }

    @Test func boldsTheHeaderAndDimsTheBorders() {
        var table = TextTable(headers: ["n"])
        table.addRow(["1"])
        let lines = table.render(style: TerminalStyle(colorEnabled: true), maxWidth: 80).split(separator: "\n")
        #expect(lines[1].contains("\u{1B}[1mn\u{1B}[22m"))
        #expect(lines[0].hasPrefix("\u{1B}[2m┌"))
    }

    @Test func shrinksTheWidestColumnAndWrapsItsCells() {
        var table = TextTable(headers: ["id", "what happened"])
        table.addRow(["n1", "became leader for term 2 after a split vote"])
        let lines = table.render(style: .plain, maxWidth: 31).split(separator: "\n").map(String.init)
        #expect(lines.allSatisfy { visibleWidth($0) <= 31 })
        #expect(lines[3] == "│ n1 │ became leader for term │")
        #expect(lines[4] == "│    │ 2 after a split vote   │")
    }

    @Test func alwaysFitsAWidthThatLeavesEachColumnTwoCharacters() {
        var random = SplitMix64(seed: 4)
        let words = ["leader", "follower", "candidate", "n1", "term", "数据", "🚀", "a-very-long-identifier-indeed"]
        for _ in 0..<300 {
            let columns = Int.random(in: 1...6, using: &random)
            func cell() -> String {
                (0..<Int.random(in: 0...6, using: &random)).map { _ in words.randomElement(using: &random) ?? "" }
                    .joined(separator: " ")
            }
            var table = TextTable(headers: (0..<columns).map { _ in cell() })
            for _ in 0..<Int.random(in: 0...4, using: &random) {
                table.addRow((0..<columns).map { _ in cell() })
            }
            let maxWidth = Int.random(in: (5 * columns + 1)...120, using: &random)
            let lines = table.render(style: TerminalStyle(colorEnabled: true), maxWidth: maxWidth).split(
                separator: "\n")
            let widths = Set(lines.map { visibleWidth(String($0)) })
            #expect(widths.count == 1, "every line of a table is equally wide")
            #expect((widths.first ?? 0) <= maxWidth, "maxWidth \(maxWidth)")
        }
    }

    @Test func aRowWithMoreCellsThanHeadersAddsAColumn() {
        var table = TextTable(headers: ["a"])
        table.addRow(["1", "2"])
        table.addRow([])
        let lines = table.render(style: .plain, maxWidth: 80).split(separator: "\n")
        #expect(lines[1] == "│ a │   │")
        #expect(lines[3] == "│ 1 │ 2 │")
        #expect(lines[4] == "│   │   │")
    }

    @Test func aTableWithNoColumnsIsEmpty() {
        #expect(TextTable(headers: []).render(style: .plain, maxWidth: 80) == "")
    }

    @Test func fittingTakesWidthFromTheWidestColumnsFirst() {
        #expect(TextTable.fit([4, 30, 10], into: 30) == [4, 16, 10])
        #expect(TextTable.fit([4, 30, 20], into: 30) == [4, 13, 13])
        #expect(TextTable.fit([3, 3], into: 10) == [3, 3])
    }
}
