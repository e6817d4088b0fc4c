import ArgumentParser
import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Logging
import NewsdConfig
import NewsdFetch

/// `newsd fetch-bench`: fetches a list of URLs through newsd's engine and reports what came back, for
/// `scripts/bench-fetch`. Hidden: a diagnostic, not part of running newsd.
struct FetchBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch-bench",
        abstract: "Fetch every URL in a file through newsd's engine; bodies go to /dev/null.",
        discussion: """
            Prints `count=… bytes=… errors=… seconds=… per_second=…`. Private addresses are allowed (the operator \
            names the URLs) and there is no host delay, so this measures the engine, not politeness.
            """,
        shouldDisplay: false
    )

    @Option(help: "A file with one URL per line.")
    var urls: String

    @Option(help: "Transfers at once (all to one host if the list names one).")
    var concurrency = 64

    func validate() throws {
        guard (1...1024).contains(concurrency) else { throw ValidationError("--concurrency must be 1…1024") }
    }

    func run() throws {
        guard let text = try? String(contentsOfFile: urls, encoding: .utf8) else {
            throw fail("cannot read \(urls): check that the file exists and is UTF-8")
        }
        let list = text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty }
        let fetcher = Fetcher(logger: Logger(label: "newsd"),
                              concurrency: FetchConcurrency(maximumTransfers: concurrency,
                                                            maximumPerHost: concurrency))
        let sink = BenchSink(urls: list, fetcher: fetcher, window: concurrency * 2)
        let start = ContinuousClock.now
        let result = sink.run()
        let seconds = (ContinuousClock.now - start) / .seconds(1)
        print("count=\(result.count) bytes=\(result.bytes) errors=\(result.errors) "
            + "seconds=\(String(format: "%.3f", seconds)) per_second=\(String(format: "%.1f", Double(result.count) / seconds))")
        if let firstError = result.firstError {
            printError("first error: \(firstError)")
        }
    }
}

/// Keeps `window` fetches submitted at a time (so memory does not grow with the list) and totals the results on
/// one serial queue.
private final class BenchSink: @unchecked Sendable {
    struct Totals {
        var count = 0
        var bytes = 0
        var errors = 0
        var firstError: String?
    }

    private let urls: [String]
    private let fetcher: Fetcher
    private let window: Int
    private let queue = DispatchQueue(label: "newsd.fetch-bench")
    private let done = DispatchSemaphore(value: 0)
    private let devNull = open("/dev/null", O_WRONLY)
    private var next = 0
    private var totals = Totals()

    init(urls: [String], fetcher: Fetcher, window: Int) {
        self.urls = urls
        self.fetcher = fetcher
        self.window = window
    }

    func run() -> Totals {
        guard !urls.isEmpty else { return totals }
        queue.sync {
            while next < min(window, urls.count) { submitNext() }
        }
        done.wait()
        return queue.sync { totals }
    }

    private func submitNext() {
        let request = FetchRequest(url: urls[next], userAgent: NewsdConfiguration.defaultUserAgent,
                                   allowPrivateNetworks: true, settings: FetchLimits(hostDelay: .zero))
        next += 1
        fetcher.fetch(request, on: queue) { [self] result in
            totals.count += 1
            switch result {
            case .success(let response):
                totals.bytes += response.body.count
                _ = response.body.withUnsafeBytes { write(devNull, $0.baseAddress, $0.count) }
            case .failure(let error):
                totals.errors += 1
                if totals.firstError == nil { totals.firstError = "\(error)" }
            }
            if next < urls.count {
                submitNext()
            } else if totals.count == urls.count {
                done.signal()
            }
        }
    }
}
