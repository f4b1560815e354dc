import QuorumTerminal
import Testing

/// How lessons look: each case is rendered and compared with a reviewed file in `Snapshots/`.
@Suite struct MarkdownSnapshotTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var markdown: String
        var width: Int
        var colorEnabled: Bool

        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "lesson-step-80-plain", markdown: lessonStep, width: 80, colorEnabled: false),
        Case(name: "lesson-step-80-color", markdown: lessonStep, width: 80, colorEnabled: true),
        Case(name: "lesson-step-40-plain", markdown: lessonStep, width: 40, colorEnabled: false),
        Case(name: "lesson-step-40-color", markdown: lessonStep, width: 40, colorEnabled: true),
        Case(name: "malformed-40-plain", markdown: malformed, width: 40, colorEnabled: false),
        Case(name: "malformed-40-color", markdown: malformed, width: 40, colorEnabled: true),
        Case(name: "lists-and-wide-text-40-plain", markdown: listsAndWideText, width: 40, colorEnabled: false),
    ]

    @Test(arguments: cases)
    func rendersAsReviewed(_ snapshot: Case) {
        let renderer = MarkdownRenderer(
            width: snapshot.width, style: TerminalStyle(colorEnabled: snapshot.colorEnabled))
        expectSnapshot(renderer.render(snapshot.markdown), named: snapshot.name)
    }

    /// A step of the CAP lesson using every construct the renderer knows.
    static let lessonStep = #"""
        ## A partition

        A *partition* splits the cluster into groups that cannot reach each other. Every
        replica is still **running**; the network between them is not. This is where the
        `cap-register` model earns its keep: it lets you __choose__ what a replica does
        when it cannot reach a majority. See [the CAP FAQ](https://www.the-paper-trail.org/page/cap-faq/)
        for the long version. Names like partition_at and `n1,n2|n3` are shown as written.

        ### What each mode does

        - **CP** refuses requests it cannot serve consistently:
          - reads on the minority side fail with `unavailable`;
          - writes wait for a majority, or time out.
        - **AP** answers anyway and reconciles later, so a client
          may read a *stale* value.
        - Both modes behave the same while the network is healthy.

        Run it in three steps:

        1. Start three nodes with `run nodes=3`.
        2. Partition `n3` away from the others at 2s.
        3. Watch which clients get errors.

        > **Why not both?** During a partition a replica must either answer without
        > knowing the latest write, or wait.
        >
        > > Brewer, 2000: *pick two* is a simplification.

        | Mode | Minority reads | Minority writes | Latency |
        |:-----|:--------------:|----------------:|---------|
        | CP   | error          | error           | bounded by the timeout |
        | AP   | possibly stale | accepted        | local |

        ```sim
        model: cap-register
        params: { nodes: 3, mode: cp, partition: "n1,n2|n3", partition-at: 2s }
        seed: 7
        caption: Which clients get errors once the partition starts?
        ```

        ---

        #### Try it

        Change `mode=ap` and run again\
        with the same seed. Escaped \*asterisks\* stay put.
        """#

    /// What an author in a hurry writes: every marker left open somewhere.
    static let malformed = #"""
        # Unfinished *business

        A **strong start that never ends, a stray _ underscore, a `code span
        without its closing backtick, and a [link](https://example.com that never closes.

        | Node | Role |
        |------|------|
        | n1 | leader | surplus cell | another |
        | n2 |

        > A quote
        that continues lazily.

        ~~~python
        def unclosed():
            return "the fence never closes"
        """#

    static let listsAndWideText = #"""
        ### Ten steps, aligned

        1. one
        2. two
        3. three
        4. four
        5. five
        6. six
        7. seven
        8. eight
        9. nine
        10. ten, a longer item that wraps onto a second line under its text

        - top
          - nested
            - deeper still, with text long enough to wrap

        A loose list has blank lines between its items:

        - first

        - second, which has two paragraphs

          and this is the second

        分布式系统中的共识需要多数节点同意。🚀 Emoji and 中文 wrap by their columns.
        """#
}
