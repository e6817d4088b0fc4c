import Yams

/// The problems found so far while loading, in the order they were found.
struct ProblemList {
    private(set) var problems: [ConfigurationProblem] = []

    var isEmpty: Bool { problems.isEmpty }

    /// Records a problem in `file` at `mark` (Yams marks count lines and columns from 1).
    mutating func add(_ file: String, at mark: Mark?, key: String? = nil, _ message: String) {
        problems.append(ConfigurationProblem(
            file: file, line: mark?.line, column: mark?.column, key: key, message: message
        ))
    }

    /// Records a problem about a whole file or directory.
    mutating func add(_ file: String, _ message: String) {
        problems.append(ConfigurationProblem(file: file, message: message))
    }

    /// The problems grouped by file in the order files were first mentioned, in line order within a file.
    func sorted() -> [ConfigurationProblem] {
        var fileOrder: [String: Int] = [:]
        for problem in problems where fileOrder[problem.file] == nil {
            fileOrder[problem.file] = fileOrder.count
        }
        return problems.enumerated().sorted { lhs, rhs in
            let left = (fileOrder[lhs.element.file]!, lhs.element.line ?? 0, lhs.element.column ?? 0, lhs.offset)
            let right = (fileOrder[rhs.element.file]!, rhs.element.line ?? 0, rhs.element.column ?? 0, rhs.offset)
            return left < right
        }.map(\.element)
    }
}
