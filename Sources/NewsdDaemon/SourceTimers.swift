import Dispatch
import NewsdConfig

/// One repeating timer per enabled source, each marking its source due on the source's `interval`.
///
/// ``update(sources:)`` is the seam a reload goes through: added sources are due at once, removed ones stop, and a
/// changed interval restarts that source's timer (its next poll one new interval from now). The schedule part of
/// issue 7 replaces this type with its `PollScheduler`, which offers the same `update(sources:)`.
///
/// `@unchecked`: the timers live in a value bound to the timers' queue (``QueueBound``).
final class SourceTimers: @unchecked Sendable {
    private let queue = DispatchQueue(label: "newsd.timers")
    private let timers: QueueBound<[String: (interval: Duration, timer: any DispatchSourceTimer)]>
    private let due: @Sendable ([String]) -> Void

    /// - Parameter due: called on the timers' queue with the sources whose timers fired.
    init(due: @escaping @Sendable ([String]) -> Void) {
        self.timers = QueueBound([:], queue: queue)
        self.due = due
    }

    /// Makes the timers match `sources`.
    func update(sources: [SourceConfiguration]) {
        queue.sync {
            let wanted = Dictionary(sources.map { ($0.id, $0.interval) }, uniquingKeysWith: { first, _ in first })
            for (id, entry) in timers.value where wanted[id] == nil {
                entry.timer.cancel()
                timers.value[id] = nil
            }
            for (id, interval) in wanted.sorted(by: { $0.key < $1.key }) {
                if let existing = timers.value[id] {
                    guard existing.interval != interval else { continue }
                    existing.timer.cancel()
                    timers.value[id] = (interval, start(id, interval: interval, firstIn: interval))
                } else {
                    timers.value[id] = (interval, start(id, interval: interval, firstIn: .zero))
                }
            }
        }
    }

    /// Cancels every timer: nothing falls due any more.
    func cancelAll() {
        queue.sync {
            timers.value.values.forEach { $0.timer.cancel() }
            timers.value.removeAll()
        }
    }

    private func start(_ id: String, interval: Duration, firstIn delay: Duration) -> any DispatchSourceTimer {
        let timer = DispatchSource.makeTimerSource(queue: queue)
        let due = due
        timer.setEventHandler { due([id]) }
        timer.schedule(deadline: .now() + delay.dispatchInterval, repeating: interval.dispatchInterval,
                       leeway: .milliseconds(Int(min(interval / .seconds(1) * 10, 5000))))
        timer.resume()
        return timer
    }
}
