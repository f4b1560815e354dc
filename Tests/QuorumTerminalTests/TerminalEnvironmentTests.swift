import QuorumTerminal
import Testing

@Suite struct TerminalEnvironmentTests {
    let terminal = ["TERM": "xterm-256color"]

    @Test func colourIsOnForATerminalByDefault() {
        #expect(TerminalEnvironment.colorEnabled(isTerminal: true, environment: terminal, noColorFlag: false))
    }

    @Test func colourIsOffWhenOutputIsNotATerminal() {
        #expect(!TerminalEnvironment.colorEnabled(isTerminal: false, environment: terminal, noColorFlag: false))
    }

    @Test(arguments: ["1", "0", "false"])
    func noColorTurnsColourOffWhateverItsValue(_ value: String) {
        var environment = terminal
        environment["NO_COLOR"] = value
        #expect(!TerminalEnvironment.colorEnabled(isTerminal: true, environment: environment, noColorFlag: false))
    }

    @Test func anEmptyNoColorIsAsIfUnset() {
        var environment = terminal
        environment["NO_COLOR"] = ""
        #expect(TerminalEnvironment.colorEnabled(isTerminal: true, environment: environment, noColorFlag: false))
    }

    @Test func aDumbTerminalGetsNoColour() {
        #expect(!TerminalEnvironment.colorEnabled(isTerminal: true, environment: ["TERM": "dumb"], noColorFlag: false))
    }

    @Test func theNoColorFlagTurnsColourOff() {
        #expect(!TerminalEnvironment.colorEnabled(isTerminal: true, environment: terminal, noColorFlag: true))
    }

    /// -1 is never a terminal, so these exercise the fallbacks after the terminal's own width.
    @Test(arguments: [
        (["COLUMNS": "100"], 100),
        (["COLUMNS": " 132 "], 132),
        ([:], 80),
        (["COLUMNS": "wide"], 80),
        (["COLUMNS": "0"], 80),
        (["COLUMNS": "-5"], 80),
        (["COLUMNS": "5"], 20),
        (["COLUMNS": "100000"], 250),
    ])
    func widthFallsBackToColumnsThenEighty(_ environment: [String: String], _ width: Int) {
        #expect(TerminalEnvironment.width(fileDescriptor: -1, environment: environment) == width)
    }

    @Test func aClosedDescriptorIsNotATerminal() {
        #expect(!TerminalEnvironment.isTerminal(-1))
    }
}
