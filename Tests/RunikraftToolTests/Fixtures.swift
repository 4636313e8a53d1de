import Foundation

/// Files under Tests/Fixtures and the checkout they belong to.
enum Fixtures {
    static let checkoutRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static func path(_ name: String) -> String {
        checkoutRoot + "/Tests/Fixtures/" + name
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: path(name))))
    }
}
