/// One thing wrong with the configuration, located precisely enough to fix without searching.
///
/// Its `description` reads `path/to/file.yaml:12:3: key 'interval': expected a duration like 15m or 1h30m,
/// got "soon"`, the `file:line:column:` form editors and terminals turn into links. Line and column count from 1;
/// either is absent when the problem is about a whole file or directory.
public struct ConfigurationProblem: Sendable, Equatable, CustomStringConvertible {
    /// The file or directory the problem is in, as the loader opened it.
    public var file: String
    /// The line, from 1, or `nil` when the problem concerns the whole file.
    public var line: Int?
    /// The column, from 1, or `nil` when the problem concerns the whole file.
    public var column: Int?
    /// The key path of the offending value, such as `interval`, `fetch.timeout` or `feeds[1]`, if there is one.
    public var key: String?
    /// What is wrong and, where it helps, what to do about it.
    public var message: String

    /// Creates a problem.
    public init(file: String, line: Int? = nil, column: Int? = nil, key: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.key = key
        self.message = message
    }

    /// `file:line:column: key 'path': message`, leaving out the parts that are `nil`.
    public var description: String {
        var text = file
        if let line {
            text += ":\(line)"
            if let column {
                text += ":\(column)"
            }
        }
        text += ": "
        if let key {
            text += "key '\(key)': "
        }
        return text + message
    }
}

/// The configuration could not be loaded: every problem found, not only the first.
///
/// The loader reads all of `newsd.yaml` and every source file before giving up, so one run of
/// `newsd check-config` lists everything there is to fix.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The problems, in file order and, within a file, in line order. Never empty.
    public var problems: [ConfigurationProblem]

    /// Creates an error from the problems found.
    public init(problems: [ConfigurationProblem]) {
        self.problems = problems
    }

    /// One problem per line.
    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}
