import Foundation
import Yams

/// One config file read from disk and parsed into a Yams node tree with line and column marks.
enum YAMLFile {
    /// The file holds no document (it is empty or only comments).
    case empty
    /// The file's single document.
    case document(Node)
    /// The file could not be read or parsed; the problem has been reported.
    case unusable

    /// The document's root node, `nil` when empty or unusable.
    var root: Node? {
        if case .document(let node) = self { node } else { nil }
    }

    /// Reads and parses `path`, reporting an unreadable file or a YAML syntax error to `problems`.
    static func read(_ path: String, problems: inout ProblemList) -> YAMLFile {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            problems.add(path, "cannot read the file: it does not exist")
            return .unusable
        }
        guard !isDirectory.boolValue else {
            problems.add(path, "cannot read the file: it is a directory")
            return .unusable
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path, isDirectory: false))
        } catch {
            problems.add(path, "cannot read the file: \(error.localizedDescription)")
            return .unusable
        }
        guard let text = String(data: data, encoding: .utf8) else {
            problems.add(path, "cannot read the file: it is not UTF-8 text")
            return .unusable
        }
        return parse(text, file: path, problems: &problems)
    }

    /// Parses `text`, reporting a syntax error at the line and column Yams gives.
    static func parse(_ text: String, file: String, problems: inout ProblemList) -> YAMLFile {
        do {
            guard let node = try Yams.compose(yaml: text) else { return .empty }
            return .document(node)
        } catch let error as YamlError {
            report(error, file: file, problems: &problems)
            return .unusable
        } catch {
            problems.add(file, "invalid YAML: \(error)")
            return .unusable
        }
    }

    private static func report(_ error: YamlError, file: String, problems: inout ProblemList) {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let during = context.map { " (\($0.text) on line \($0.mark.line))" } ?? ""
            problems.add(file, at: mark, "invalid YAML: \(problem)\(during)")
        case .reader(let problem, _, _, _):
            problems.add(file, "invalid YAML: \(problem)")
        default:
            problems.add(file, "invalid YAML: \(error)")
        }
    }
}
