import Foundation
import QuorumTerminal
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite struct SpaceTimeSVGTests {
    /// What an XML parser made of a document: its first error, and the text of its elements.
    final class ParsedDocument: NSObject, XMLParserDelegate {
        var error: Error?
        var root: String?
        var rootNamespace: String?
        var counts: [String: Int] = [:]
        var titles: [String] = []
        var texts: [String] = []
        private var current = ""

        init(_ document: String) {
            super.init()
            let parser = XMLParser(data: Data(document.utf8))
            parser.delegate = self
            if !parser.parse() {
                error = parser.parserError ?? CocoaError(.coderReadCorrupt)
            }
        }

        func parser(
            _ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            if root == nil {
                root = element
                rootNamespace = attributes["xmlns"]
            }
            counts[element, default: 0] += 1
            current = ""
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            current += string
        }

        func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
            if element == "title" { titles.append(current) }
            if element == "text" { texts.append(current) }
            current = ""
        }

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
            error = error ?? parseError
        }
    }

    @Test func theElectionIsAWellFormedSVGDocument() {
        let document = ParsedDocument(SpaceTimeSVG.render(ElectionScene.scene))
        #expect(document.error == nil)
        #expect(document.root == "svg")
        #expect(document.rootNamespace == "http://www.w3.org/2000/svg")
    }

    @Test func everyMessageAndMarkHasAHoverTitleWithItsDetailTimesAndId() {
        let document = ParsedDocument(SpaceTimeSVG.render(ElectionScene.scene))
        for message in ElectionScene.scene.messages {
            // Arrow and label each carry the title.
            let titles = document.titles.filter { $0.hasPrefix("#\(message.id) ") }
            #expect(titles.count == 2, "#\(message.id)")
            #expect(titles.allSatisfy { $0.contains(message.detail) })
        }
        #expect(
            document.titles.contains("#4 Vote(term: 2, granted: true) · n3 → n2 · sent 152.5ms · dropped 153.3ms: lost")
        )
        #expect(
            document.titles.contains(
                "#1 RequestVote(term: 2, lastLogIndex: 0) · n2 → n1 · sent 150ms · delivered 151.2ms (after 1.2ms)"))
        #expect(document.titles.contains("n1 · crashed · 220ms"))
        let markTitles = document.titles.filter { $0.hasPrefix("n") && !$0.hasPrefix("#") }
        #expect(markTitles.count == ElectionScene.scene.marks.count)
    }

    @Test func textWithMarkupCharactersIsEscapedAndReadsBackUnchanged() {
        let nasty = #"<&>"' ]]> <!--"#
        let scene = SpaceTimeScene(
            lanes: [nasty, "n2"], start: 0, end: 100,
            messages: [
                SpaceTimeMessage(
                    id: 1, from: 0, to: 1, sentAt: 0, fate: .delivered(at: 50), label: nasty, detail: nasty),
                SpaceTimeMessage(
                    id: 2, from: 1, to: 0, sentAt: 10, fate: .dropped(at: 20, reason: nasty), label: nasty, detail: ""),
                SpaceTimeMessage(id: 3, from: 1, to: 1, sentAt: 30, fate: .inFlight, label: nasty, detail: nasty),
            ],
            marks: [SpaceTimeMark(lane: 1, time: 60, kind: .note, text: nasty)],
            bands: [SpaceTimeBand(start: 70, end: nil, text: nasty, lanes: [])], omittedAfter: 1)
        let svg = SpaceTimeSVG.render(scene)
        let document = ParsedDocument(svg)
        #expect(document.error == nil)
        #expect(!svg.contains(nasty))
        #expect(document.texts.contains(nasty))
        #expect(document.texts.contains(nasty + " #1"))
        #expect(document.titles.contains("#2 \(nasty) · n2 → \(nasty) · sent 10us · dropped 20us: \(nasty)"))
    }

    @Test func controlCharactersThatXMLForbidsAreLeftOut() {
        let scene = SpaceTimeScene(
            lanes: ["n\u{1}1\u{1B}"], start: 0, end: 10, messages: [],
            marks: [SpaceTimeMark(lane: 0, time: 5, kind: .note, text: "bell\u{7}")], bands: [])
        let document = ParsedDocument(SpaceTimeSVG.render(scene))
        #expect(document.error == nil)
        #expect(document.texts.contains("n1"))
        #expect(document.texts.contains("bell"))
    }

    @Test func crashedStretchesAreDashedAndDroppedMessagesEndInARedCross() {
        let svg = SpaceTimeSVG.render(ElectionScene.scene)
        let lines = svg.split(separator: "\n")
        // n1 is the only lane that crashes: one dashed stretch, between its crash and restart.
        let dashedLanes = lines.filter { $0.hasPrefix("<line") && $0.contains(#"stroke-dasharray="4 4""#) }
        #expect(dashedLanes.count == 1)
        // A cross of two heavy red strokes ends each of the two drops; n1's crash is the third.
        let crosses = lines.filter { $0.hasPrefix("<line") && $0.contains(##"stroke="#c62828" stroke-width="2.5""##) }
        #expect(crosses.count == 3)
    }

    @Test func theBandCoversOnlyTheLaneItCutsOff() throws {
        let svg = SpaceTimeSVG.render(ElectionScene.scene)
        let band = try #require(svg.split(separator: "\n").first { $0.contains(##"fill="#f5a623""##) })
        // n3 is the fourth lane: x = 150 + 3 * 150 = 600, covered 60 to either side.
        #expect(band.contains(#"x="540""#))
        #expect(band.contains(#"width="120""#))
    }

    @Test func coordinatesHaveOneDecimalAtMost() {
        let svg = SpaceTimeSVG.render(ElectionScene.scene)
        let names: Set<Substring> = ["x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "width", "height"]
        var checked = 0
        for attribute in svg.split(whereSeparator: { $0 == " " || $0 == "<" }) {
            let parts = attribute.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, names.contains(parts[0]) else { continue }
            let value = parts[1].split(separator: "\"").first ?? ""
            guard value.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" }), !value.hasSuffix("%") else { continue }
            #expect((value.split(separator: ".").dropFirst().first?.count ?? 0) <= 1, "\(attribute)")
            checked += 1
        }
        #expect(checked > 100)
    }

    @Test func rendersTheElectionAsReviewed() {
        expectSnapshot(SpaceTimeSVG.render(ElectionScene.scene), named: "space-time-election-svg")
    }
}
