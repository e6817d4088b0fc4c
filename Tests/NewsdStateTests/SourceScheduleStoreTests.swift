import Foundation
import NewsdState
import Testing

@Suite("Saved poll schedules")
struct SourceScheduleStoreTests {
    @Test("a saved schedule is read back after the database is reopened")
    func survivesReopen() throws {
        try withTemporaryDirectory { directory in
            let schedule = SourceSchedule(source: "harbor", learnedInterval: .milliseconds(1_234_500),
                                          newestItemAt: noon.addingTimeInterval(-600), lastPollAt: noon,
                                          nextPollAt: noon.addingTimeInterval(1234.5))
            try StateStore(directory: directory).saveSourceSchedule(schedule)
            #expect(try StateStore(directory: directory).sourceSchedules() == [schedule])
        }
    }

    @Test("saving again replaces a source's schedule; other sources keep theirs")
    func replaces() throws {
        try withStore { store, _ in
            let first = SourceSchedule(source: "a", learnedInterval: .seconds(900), nextPollAt: noon)
            let other = SourceSchedule(source: "b", learnedInterval: .seconds(60), nextPollAt: noon)
            var second = first
            second.learnedInterval = .seconds(300)
            second.lastPollAt = noon
            second.nextPollAt = noon.addingTimeInterval(300)
            try store.saveSourceSchedule(first)
            try store.saveSourceSchedule(other)
            try store.saveSourceSchedule(second)
            #expect(try store.sourceSchedules() == [second, other])
        }
    }
}
