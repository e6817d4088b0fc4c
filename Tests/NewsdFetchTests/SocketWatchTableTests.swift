@testable import NewsdFetch
import Testing

@Suite("Socket watch table")
struct SocketWatchTableTests {
    @Test("a socket wanted for reading gets a read source")
    func readInterest() {
        var table = SocketWatchTable()
        #expect(table.watch(7, .read) == [.install(7, .read)])
        #expect(table.isWatching(7, .read))
    }

    @Test("switching from reading to writing cancels the read source and installs a write source")
    func switchDirection() {
        var table = SocketWatchTable()
        _ = table.watch(7, .read)
        #expect(table.watch(7, .write) == [.cancel(7, .read), .install(7, .write)])
    }

    @Test("asking again for what is already watched does nothing")
    func repeatedInterest() {
        var table = SocketWatchTable()
        _ = table.watch(7, .readWrite)
        #expect(table.watch(7, .readWrite) == [])
    }

    @Test("a socket closed with no source is closed at once")
    func closeWithoutSources() {
        var table = SocketWatchTable()
        #expect(table.closeRequested(9) == [.close(9)])
        #expect(table.trackedDescriptors == 0)
    }

    @Test("a socket closed while watched is closed only after both sources finished cancelling")
    func closeAfterCancellation() {
        var table = SocketWatchTable()
        _ = table.watch(5, .readWrite)
        #expect(table.closeRequested(5) == [.cancel(5, .read), .cancel(5, .write)])
        #expect(table.cancelled(5, .read) == [])
        #expect(table.cancelled(5, .write) == [.close(5)])
        #expect(table.trackedDescriptors == 0)
    }

    @Test("a removed socket whose cancellation is still running is closed when it ends")
    func removeThenClose() {
        var table = SocketWatchTable()
        _ = table.watch(5, .read)
        #expect(table.watch(5, .remove) == [.cancel(5, .read)])
        #expect(table.closeRequested(5) == [])
        #expect(table.cancelled(5, .read) == [.close(5)])
    }

    @Test("a cancellation that ends without a close request leaves the socket open and forgotten")
    func cancelWithoutClose() {
        var table = SocketWatchTable()
        _ = table.watch(5, .write)
        _ = table.watch(5, .remove)
        #expect(table.cancelled(5, .write) == [])
        #expect(table.trackedDescriptors == 0)
    }
}
