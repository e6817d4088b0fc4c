import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// Handles process signals on a serial queue of its own instead of in a signal handler: each signal's default
/// action is switched off while it is handled here, so handlers may log, lock and reload freely.
/// `@unchecked`: the signal sources are only started and cancelled, which Dispatch makes thread-safe.
final class ProcessSignals: @unchecked Sendable {
    private let queue = DispatchQueue(label: "newsd.signals")
    private let sources: [any DispatchSourceSignal]

    /// Starts handling each signal with its handler; one signal's handler never runs concurrently with another's.
    init(handlers: [Int32: @Sendable () -> Void]) {
        var sources: [any DispatchSourceSignal] = []
        for (number, handler) in handlers.sorted(by: { $0.key < $1.key }) {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler(handler: handler)
            source.resume()
            sources.append(source)
        }
        self.sources = sources
    }

    /// Stops handling the signals (they stay ignored: the process is about to exit).
    func cancel() {
        sources.forEach { $0.cancel() }
    }
}
