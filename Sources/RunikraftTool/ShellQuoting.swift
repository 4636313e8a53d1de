import Foundation

extension String {
    /// The word quoted for a POSIX shell, unchanged when it needs no quoting.
    ///
    /// Single quotes keep everything literal (POSIX.1-2017, Shell Command Language
    /// 2.2.2); a single quote itself is closed, escaped and reopened.
    public var shellQuoted: String {
        let plain = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-+=/.,:@%")
        if !isEmpty && allSatisfy(plain.contains) {
            return self
        }
        return "'" + replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }
}
