import Testing

@testable import QuorumStore

@Suite struct DataDirectoryTests {
    @Test func quorumHomeWinsOverEverything() {
        let environment = ["QUORUM_HOME": "/srv/quorum", "XDG_DATA_HOME": "/home/ada/.data"]
        #expect(DataDirectory.resolve(environment: environment, homeDirectory: "/home/ada") == "/srv/quorum")
    }

    @Test func xdgDataHomeGetsAQuorumFolder() {
        let environment = ["XDG_DATA_HOME": "/home/ada/.data/"]
        #expect(DataDirectory.resolve(environment: environment, homeDirectory: "/home/ada") == "/home/ada/.data/quorum")
    }

    @Test func fallsBackToLocalShareInTheHomeDirectory() {
        #expect(DataDirectory.resolve(environment: [:], homeDirectory: "/home/ada") == "/home/ada/.local/share/quorum")
    }

    @Test func emptyValuesCountAsUnset() {
        let environment = ["QUORUM_HOME": "", "XDG_DATA_HOME": ""]
        #expect(
            DataDirectory.resolve(environment: environment, homeDirectory: "/home/ada")
                == "/home/ada/.local/share/quorum")
    }

    @Test func relativeXDGDataHomeIsIgnoredAsTheSpecificationSays() {
        let environment = ["XDG_DATA_HOME": "data"]
        #expect(
            DataDirectory.resolve(environment: environment, homeDirectory: "/home/ada")
                == "/home/ada/.local/share/quorum")
    }
}
