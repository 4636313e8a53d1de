/// Options of `runikraft run` whose value may be left out, as in
/// `--gdb` or `--gdb=1234`, `--trace` or `--trace=file,net`. The argument
/// parser knows only options that always take a value, so a bare one is
/// given its default value before parsing. Words after `--` are the
/// program's and stay as they are.
public enum OptionalValues {
    /// Option name and the value a bare use means.
    public static let defaults = [
        ("--gdb", "1234"),
        ("--trace", "all"),
    ]

    /// `arguments` (without the executable's name) with bare uses of the
    /// options completed, when the subcommand is `run`.
    public static func complete(_ arguments: [String]) -> [String] {
        guard arguments.first == "run" else { return arguments }
        var result: [String] = []
        var afterTerminator = false
        for argument in arguments {
            if !afterTerminator, argument == "--" { afterTerminator = true }
            if !afterTerminator, let (_, value) = defaults.first(where: { $0.0 == argument }) {
                result.append(argument + "=" + value)
            } else {
                result.append(argument)
            }
        }
        return result
    }
}
