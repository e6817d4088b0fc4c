import Foundation

/// The running part of a `LoopbackHTTPServer`: the accept loop and the per-connection threads.
///
/// Kept apart from the public class so the threads do not keep the server object alive: when the test drops the
/// server, its `deinit` can stop this core.
final class LoopbackServerCore: Sendable {
    struct State: Sendable {
        var requests: [HTTPTestRequest] = []
        var openConnections: Set<Int32> = []
        var peakConnections = 0
        var acceptLoopRunning = false
        var stopping = false
        var stopped = false
    }

    let listener: Int32
    let wakePipe: (read: Int32, write: Int32)
    let handler: LoopbackHTTPServer.Handler
    let state = Locked(State())

    init(listener: Int32, wakePipe: (read: Int32, write: Int32), handler: @escaping LoopbackHTTPServer.Handler) {
        self.listener = listener
        self.wakePipe = wakePipe
        self.handler = handler
    }

    /// Starts the accept loop on its own thread.
    func start() {
        state.withLock { $0.acceptLoopRunning = true }
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "LoopbackHTTPServer accept"
        thread.start()
    }

    /// Stops accepting, cuts open connections, interrupts trickles, and waits for every thread to finish.
    func stop() {
        let firstCall = state.withLock { state in
            guard !state.stopping else { return false }
            state.stopping = true
            for connection in state.openConnections {
                Socket.shutdownBoth(connection)
            }
            return true
        }
        if firstCall {
            Socket.wake(wakePipe.write)
        }
        state.wait(until: { !$0.acceptLoopRunning && $0.openConnections.isEmpty })
        let closesDescriptors = state.withLock { state in
            guard !state.stopped else { return false }
            state.stopped = true
            return true
        }
        if closesDescriptors {
            Socket.close(listener)
            Socket.close(wakePipe.read)
            Socket.close(wakePipe.write)
        }
    }

    /// Sleeps for `duration` unless the server stops first; returns false when it stopped.
    func pause(for duration: Duration) -> Bool {
        let (seconds, attoseconds) = duration.components
        let deadline = Date(timeIntervalSinceNow: Double(seconds) + Double(attoseconds) / 1e18)
        return !state.wait(until: { $0.stopping }, deadline: deadline)
    }

    private func acceptLoop() {
        defer { state.withLock { $0.acceptLoopRunning = false } }
        while Socket.waitForConnection(listener: listener, wake: wakePipe.read) {
            guard let connection = Socket.accept(listener) else { return }
            let admitted = state.withLock { state in
                guard !state.stopping else { return false }
                state.openConnections.insert(connection)
                state.peakConnections = max(state.peakConnections, state.openConnections.count)
                return true
            }
            guard admitted else {
                Socket.close(connection)
                return
            }
            let thread = Thread { [self] in serve(connection) }
            thread.name = "LoopbackHTTPServer connection"
            thread.start()
        }
    }

    private func serve(_ connection: Int32) {
        defer {
            state.withLock { state in
                state.openConnections.remove(connection)
                Socket.close(connection)
            }
        }
        guard let request = HTTPRequestReader(descriptor: connection).read() else { return }
        state.withLock { $0.requests.append(request) }
        let response = handler(request)
        guard !response.closeWithoutResponse else { return }
        HTTPResponseWriter(descriptor: connection).write(
            response,
            includeBody: request.method != "HEAD",
            pause: { pause(for: $0) }
        )
        Socket.shutdownWrite(connection)
    }
}
