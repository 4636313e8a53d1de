import Foundation

/// After a failed image link, says what the undefined symbols belong to —
/// which library or feature the project expected — so that a porter knows
/// what to build or change, instead of reading one error per call site.
public enum LinkDiagnostics {
    /// One library or feature, recognised by symbol names.
    struct Provider {
        var explanation: String
        var names: Set<String> = []
        var prefixes: [String] = []
        /// Names of the form `__<name><suffix>`.
        var suffixes: [String] = []

        func provides(_ symbol: String) -> Bool {
            names.contains(symbol) || prefixes.contains { symbol.hasPrefix($0) }
                || (symbol.hasPrefix("__") && suffixes.contains { symbol.hasSuffix($0) })
        }
    }

    static let buildIt = "build it with CC=runikraft-cc and add its archive to the link"

    /// In the order they are tried; the first that claims a symbol wins.
    static let providers: [Provider] = [
        Provider(
            explanation: "the program has no main(): an image is a program, and needs one",
            names: ["main"]),
        Provider(
            explanation: "the C++ runtime (libstdc++/libc++): Runikraft supports C only, and runikraft-c++ says so",
            // Mangled, and as ld.lld writes them demangled.
            prefixes: ["_Zn", "_Zd", "_ZS", "_ZNS", "_ZNKS", "_ZTV", "_ZTI", "_ZTS", "__cxa_", "__gxx_personality",
                       "__dynamic_cast", "operator new", "operator delete", "std::", "vtable for ", "typeinfo for "]),
        Provider(
            explanation: "glibc: an object was compiled against the build machine's glibc headers; rebuild it with runikraft-cc",
            // musl has glibc's older aliases (__isoc99_*, __xstat, ...) but not
            // these, nor the _FORTIFY_SOURCE checking functions (__*_chk).
            names: ["__libc_csu_init", "__libc_csu_fini", "gnu_get_libc_version", "__libc_single_threaded"],
            prefixes: ["__isoc23_", "__GI_"],
            suffixes: ["_chk"]),
        Provider(
            explanation: "backtrace() and friends are glibc's <execinfo.h>, which musl does not have; the kernel prints a backtrace when the program crashes",
            names: ["backtrace", "backtrace_symbols", "backtrace_symbols_fd"]),
        Provider(
            explanation: "zlib (-lz): \(buildIt)",
            names: ["deflate", "deflateInit_", "deflateInit2_", "deflateEnd", "inflate", "inflateInit_", "inflateInit2_",
                    "inflateEnd", "crc32", "adler32", "compress", "compress2", "uncompress", "zlibVersion", "compressBound"],
            prefixes: ["gz", "deflate", "inflate"]),
        Provider(explanation: "OpenSSL (-lssl -lcrypto): \(buildIt)",
                 prefixes: ["SSL_", "EVP_", "OPENSSL_", "ERR_", "BIO_", "X509_", "RSA_", "CRYPTO_", "RAND_", "PEM_", "BN_"]),
        Provider(explanation: "libcurl (-lcurl): \(buildIt)", prefixes: ["curl_"]),
        Provider(explanation: "SQLite (-lsqlite3): \(buildIt)", prefixes: ["sqlite3_"]),
        Provider(explanation: "Lua (-llua): \(buildIt)", prefixes: ["lua_", "luaL_", "luaopen_"]),
        Provider(explanation: "PCRE (-lpcre2-8 or -lpcre): \(buildIt)", prefixes: ["pcre"]),
        Provider(explanation: "libxml2 (-lxml2): \(buildIt)", prefixes: ["xml", "html"]),
        Provider(explanation: "bzip2 (-lbz2): \(buildIt)", prefixes: ["BZ2_"]),
        Provider(explanation: "liblzma (-llzma): \(buildIt)", prefixes: ["lzma_"]),
        Provider(explanation: "zstd (-lzstd): \(buildIt)", prefixes: ["ZSTD_"]),
        Provider(
            explanation: "curses (-lncurses): \(buildIt)",
            names: ["initscr", "endwin", "newwin", "delwin", "wrefresh", "refresh", "cbreak", "noecho", "keypad",
                    "tgetent", "tgetstr", "tgoto", "tputs", "setupterm", "tigetstr", "tparm"],
            prefixes: ["mvw", "wattr", "stdscr"]),
        Provider(explanation: "GNU readline (-lreadline): \(buildIt)",
                 names: ["readline", "add_history", "rl_initialize"], prefixes: ["rl_"]),
        Provider(explanation: "libevent (-levent): \(buildIt)", prefixes: ["event_", "evbuffer_", "bufferevent_"]),
        Provider(explanation: "libuv (-luv): \(buildIt)", prefixes: ["uv_"]),
        Provider(explanation: "libffi (-lffi): \(buildIt)", prefixes: ["ffi_"]),
        Provider(
            explanation: "dynamic linking: images are static, so code that needs the dynamic loader (general-dynamic TLS) cannot link; compile without -fPIC/-shared",
            names: ["__tls_get_addr", "_dl_find_object"]),
    ]

    /// The undefined symbols ld.lld names in its output (`undefined symbol: NAME`).
    public static func undefinedSymbols(inLinkerOutput output: String) -> [String] {
        var symbols: [String] = []
        for line in output.split(separator: "\n") {
            guard let range = line.range(of: "undefined symbol: ") else { continue }
            let symbol = String(line[range.upperBound...]).trimmingCharacters(in: .whitespaces)
            if !symbols.contains(symbol) { symbols.append(symbol) }
        }
        return symbols
    }

    /// One note per library or feature the undefined `symbols` point to,
    /// each naming the symbols; symbols nothing claims share a last note.
    public static func notes(forUndefined symbols: [String]) -> [String] {
        var claimed: [(explanation: String, symbols: [String])] = []
        var unknown: [String] = []
        for symbol in symbols {
            guard let provider = providers.first(where: { $0.provides(symbol) }) else {
                unknown.append(symbol)
                continue
            }
            if let index = claimed.firstIndex(where: { $0.explanation == provider.explanation }) {
                claimed[index].symbols.append(symbol)
            } else {
                claimed.append((provider.explanation, [symbol]))
            }
        }
        var notes = claimed.map { "\(list($0.symbols)): \($0.explanation)" }
        if !unknown.isEmpty {
            notes.append("\(list(unknown)): not in the program's objects, libc or the kernel; the project expects a library that is not in the link (\(buildIt))")
        }
        return notes
    }

    private static func list(_ symbols: [String]) -> String {
        let shown = symbols.prefix(4).joined(separator: ", ")
        return symbols.count > 4 ? "\(shown) and \(symbols.count - 4) more" : shown
    }
}
