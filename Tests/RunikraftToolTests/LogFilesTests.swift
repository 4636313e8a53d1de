import Testing
@testable import RunikraftTool

struct LogFilesTests {
    @Test func logNamesTheFileAndNothingMeansNoLog() throws {
        #expect(try LogFiles.path(log: "k.log", directory: nil, name: nil, image: "a", processID: 1) == "k.log")
        #expect(try LogFiles.path(log: nil, directory: nil, name: "x", image: "a", processID: 1) == nil)
    }

    @Test func logDirectoryNamesFilesByVM() throws {
        #expect(try LogFiles.path(log: nil, directory: "/tmp/logs", name: nil, image: "build/hello", processID: 42)
            == "/tmp/logs/hello-42.log")
        #expect(try LogFiles.path(log: nil, directory: "/tmp/logs", name: "web1", image: "build/hello", processID: 42)
            == "/tmp/logs/web1.log")
    }

    @Test func conflictingOrUnsafeChoicesAreRefused() {
        #expect(throws: ToolError.self) {
            try LogFiles.path(log: "a", directory: "d", name: nil, image: "i", processID: 1)
        }
        #expect(throws: ToolError.self) {
            try LogFiles.path(log: nil, directory: "d", name: "../x", image: "i", processID: 1)
        }
    }
}
