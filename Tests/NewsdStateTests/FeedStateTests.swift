import Foundation
import NewsdState
import Testing

@Suite("Feed state")
struct FeedStateTests {
    @Test("a feed never tried has no state")
    func unknownFeed() throws {
        try withStore { store, _ in
            let state = try store.feedState(source: "wire", url: "https://wire.example/rss")
            #expect(state == nil)
        }
    }

    @Test("a saved feed state survives reopening, every field intact")
    func roundTrip() throws {
        try withTemporaryDirectory { directory in
            let state = FeedState(
                source: "wire", url: "https://wire.example/rss", currentURL: "https://new.example/rss",
                goneAt: noon, goneConfiguration: "abc", nextAttemptAt: noon.addingTimeInterval(600),
                consecutiveFailures: 3, lastError: "HTTP 503", lastErrorAt: noon, lastSuccessAt: noon - 3600
            )
            try StateStore(directory: directory).saveFeedState(state)

            let reopened = try StateStore(directory: directory)
            #expect(try reopened.feedState(source: "wire", url: "https://wire.example/rss") == state)
            #expect(try reopened.feedStates() == [state])
        }
    }

    @Test("saving again replaces the earlier state")
    func replaces() throws {
        try withStore { store, _ in
            var state = FeedState(source: "wire", url: "u", consecutiveFailures: 2, lastError: "down")
            try store.saveFeedState(state)
            state.consecutiveFailures = 0
            state.lastSuccessAt = noon
            try store.saveFeedState(state)
            #expect(try store.feedStates() == [state])
        }
    }
}
