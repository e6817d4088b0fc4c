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

    @Test("asking again for what is already watched does nothing")
    func repeatedInterest() {
        var table = SocketWatchTable()
        _ = table.watch(7, .readWrite)
        #expect(table.watch(7, .readWrite) == [])
    }

    @Test("an opened connection's sources are suspended when unwanted and resumed when wanted again")
    func ownedSocketsPause() {
        var table = SocketWatchTable()
        table.opened(7)
        _ = table.watch(7, .write)
        #expect(table.watch(7, .read) == [.install(7, .read), .suspend(7, .write)])
        #expect(table.watch(7, .remove) == [.suspend(7, .read)])
        #expect(!table.isWatching(7, .read))
        #expect(table.watch(7, .readWrite) == [.resume(7, .read), .resume(7, .write)])
    }

    @Test("a socket libcurl opened itself has its sources cancelled on removal")
    func foreignSocketsCancel() {
        var table = SocketWatchTable()
        _ = table.watch(7, .read)
        #expect(table.watch(7, .write) == [.cancel(7, .read, suspended: false), .install(7, .write)])
        #expect(table.watch(7, .remove) == [.cancel(7, .write, suspended: false)])
    }

    @Test("a socket closed with no source is closed at once")
    func closeWithoutSources() {
        var table = SocketWatchTable()
        table.opened(9)
        #expect(table.closeRequested(9) == [.close(9)])
        #expect(table.trackedDescriptors == 0)
    }

    @Test("a socket closed while watched is closed only after both sources finished cancelling")
    func closeAfterCancellation() {
        var table = SocketWatchTable()
        table.opened(5)
        _ = table.watch(5, .readWrite)
        #expect(table.closeRequested(5) == [.cancel(5, .read, suspended: false), .cancel(5, .write, suspended: false)])
        #expect(table.cancelled(5, .read) == [])
        #expect(table.cancelled(5, .write) == [.close(5)])
        #expect(table.trackedDescriptors == 0)
    }

    @Test("a suspended source is cancelled with a resume, or its cancellation would never end")
    func cancelSuspended() {
        var table = SocketWatchTable()
        table.opened(5)
        _ = table.watch(5, .read)
        _ = table.watch(5, .remove)
        #expect(table.closeRequested(5) == [.cancel(5, .read, suspended: true)])
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
