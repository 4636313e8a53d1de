import Foundation

/// Expands `@file` arguments the way GCC does (libiberty `expandargv`).
///
/// The file's contents are split at unquoted whitespace; single and double quotes
/// group words, and a backslash takes the next character literally, inside quotes
/// too. Expansion is recursive. An `@file` naming no readable file stays as it is,
/// which is also what GCC does.
public enum ResponseFiles {
    /// How deep `@file` may nest before the expansion is taken to be a loop.
    static let nestingLimit = 64

    public static func expand(
        _ arguments: [String],
        reading read: (String) -> String? = { try? String(contentsOfFile: $0, encoding: .utf8) }
    ) throws -> [String] {
        try expand(arguments, depth: 0, reading: read)
    }

    private static func expand(
        _ arguments: [String], depth: Int, reading read: (String) -> String?
    ) throws -> [String] {
        var result: [String] = []
        for argument in arguments {
            guard argument.hasPrefix("@"), argument.count > 1,
                let contents = read(String(argument.dropFirst()))
            else {
                result.append(argument)
                continue
            }
            guard depth < nestingLimit else {
                throw ToolError("response file \(argument.dropFirst()) nests more than \(nestingLimit) levels deep")
            }
            result += try expand(words(in: contents), depth: depth + 1, reading: read)
        }
        return result
    }

    /// The words of a response file.
    public static func words(in text: String) -> [String] {
        var words: [String] = []
        var word = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for character in text {
            if escaped {
                word.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
                inWord = true
            } else if let open = quote {
                if character == open { quote = nil } else { word.append(character) }
            } else if character == "'" || character == "\"" {
                quote = character
                inWord = true
            } else if character.isWhitespace {
                if inWord { words.append(word) }
                word = ""
                inWord = false
            } else {
                word.append(character)
                inWord = true
            }
        }
        if inWord { words.append(word) }
        return words
    }
}
