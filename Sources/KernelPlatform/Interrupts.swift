/// Device interrupts: each PLIC source the kernel uses has one handler,
/// run with interrupts off when the source fires.
public enum Interrupts {
    /// Handlers indexed by source (qemu virt's sources are below 96).
    nonisolated(unsafe) static var handlers: [(() -> Void)?] = []

    /// Routes `source` to this hart and runs `handler` when it fires.
    /// Nothing happens without an interrupt controller or for source 0.
    public static func register(source: UInt32, _ handler: @escaping () -> Void) {
        guard let controller = Board.interruptController, source != 0 else { return }
        let index = Int(source)
        if handlers.count <= index { handlers.append(contentsOf: repeatElement(nil, count: index + 1 - handlers.count)) }
        handlers[index] = handler
        controller.enable(source)
    }

    /// Handles every pending source: claim, handler, complete (PLIC spec
    /// §7), until none is pending.
    public static func dispatch() {
        guard let controller = Board.interruptController else { return }
        while true {
            let source = controller.claim()
            if source == 0 { return }
            let index = Int(source)
            if index < handlers.count, let handler = handlers[index] { handler() }
            controller.complete(source)
        }
    }
}
