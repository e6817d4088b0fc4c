#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin, typed wrappers of the BSD socket calls the loopback server makes. Linux first; Darwin where cheap.
enum Socket {
    #if os(Linux)
    private static let streamType = Int32(SOCK_STREAM.rawValue)
    private static let sendFlags = Int32(MSG_NOSIGNAL)
    #else
    private static let streamType = SOCK_STREAM
    private static let sendFlags: Int32 = 0
    #endif

    /// Opens a TCP listener on 127.0.0.1 with a kernel-chosen port; returns the descriptor and the port.
    static func listenOnLoopback() throws(LoopbackServerError) -> (descriptor: Int32, port: Int) {
        try bindToLoopback(listening: true)
    }

    /// Binds a TCP socket to 127.0.0.1 with a kernel-chosen port, listening on it or not; returns the descriptor
    /// and the port. Connections to a port bound without listening are refused, and nothing else can bind it.
    static func bindToLoopback(listening: Bool) throws(LoopbackServerError) -> (descriptor: Int32, port: Int) {
        let descriptor = socket(AF_INET, streamType, 0)
        guard descriptor >= 0 else { throw LoopbackServerError(operation: "socket", errorNumber: errno) }
        do throws(LoopbackServerError) {
            var one: Int32 = 1
            #if !os(Linux)
            _ = setsockopt(descriptor, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
            #endif
            if listening {
                _ = setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
            }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = 0
            address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
            let bound = withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard bound == 0 else { throw LoopbackServerError(operation: "bind", errorNumber: errno) }
            guard !listening || listen(descriptor, 128) == 0 else {
                throw LoopbackServerError(operation: "listen", errorNumber: errno)
            }
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let named = withUnsafeMutablePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
            }
            guard named == 0 else { throw LoopbackServerError(operation: "getsockname", errorNumber: errno) }
            return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
        } catch {
            close(descriptor)
            throw error
        }
    }

    /// Creates a pipe whose write end wakes the accept loop; returns (read, write).
    static func makeWakePipe() throws(LoopbackServerError) -> (read: Int32, write: Int32) {
        var descriptors: [Int32] = [-1, -1]
        guard pipe(&descriptors) == 0 else { throw LoopbackServerError(operation: "pipe", errorNumber: errno) }
        return (descriptors[0], descriptors[1])
    }

    /// Waits until `listener` has a connection (returns true) or `wake` becomes readable (returns false).
    static func waitForConnection(listener: Int32, wake: Int32) -> Bool {
        var descriptors = [
            pollfd(fd: listener, events: Int16(POLLIN), revents: 0),
            pollfd(fd: wake, events: Int16(POLLIN), revents: 0),
        ]
        while true {
            let ready = poll(&descriptors, nfds_t(descriptors.count), -1)
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0, descriptors[1].revents == 0 else { return false }
            return descriptors[0].revents & Int16(POLLIN) != 0
        }
    }

    /// Accepts one connection; `nil` when the call failed (the listener may have been closed).
    static func accept(_ listener: Int32) -> Int32? {
        while true {
            #if canImport(Glibc)
            let connection = Glibc.accept(listener, nil, nil)
            #else
            let connection = Darwin.accept(listener, nil, nil)
            #endif
            if connection >= 0 {
                #if !os(Linux)
                var one: Int32 = 1
                _ = setsockopt(connection, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
                #endif
                return connection
            }
            if errno == EINTR || errno == ECONNABORTED { continue }
            return nil
        }
    }

    /// Reads up to `count` bytes; an empty result means end of stream or an error.
    static func read(_ descriptor: Int32, count: Int) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        while true {
            let received = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, count, 0) }
            if received < 0 && errno == EINTR { continue }
            return received > 0 ? Array(buffer[..<received]) : []
        }
    }

    /// Writes all of `bytes`; false when the peer went away.
    static func write(_ descriptor: Int32, _ bytes: ArraySlice<UInt8>) -> Bool {
        var offset = bytes.startIndex
        while offset < bytes.endIndex {
            let sent = bytes[offset...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, sendFlags) }
            if sent < 0 && errno == EINTR { continue }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }

    /// Writes one byte to the wake pipe's write end, making `waitForConnection` return false.
    static func wake(_ pipeWriteEnd: Int32) {
        var byte: UInt8 = 1
        while true {
            #if canImport(Glibc)
            let written = Glibc.write(pipeWriteEnd, &byte, 1)
            #else
            let written = Darwin.write(pipeWriteEnd, &byte, 1)
            #endif
            if written < 0 && errno == EINTR { continue }
            return
        }
    }

    /// Shuts both directions down, waking any thread blocked reading or writing the descriptor.
    static func shutdownBoth(_ descriptor: Int32) {
        _ = shutdown(descriptor, Int32(SHUT_RDWR))
    }

    /// Signals end of the response to the peer, so a body without `Content-Length` ends cleanly.
    static func shutdownWrite(_ descriptor: Int32) {
        _ = shutdown(descriptor, Int32(SHUT_WR))
    }

    /// Closes a descriptor.
    static func close(_ descriptor: Int32) {
        #if canImport(Glibc)
        _ = Glibc.close(descriptor)
        #else
        _ = Darwin.close(descriptor)
        #endif
    }
}
