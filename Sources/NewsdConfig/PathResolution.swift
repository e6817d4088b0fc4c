import Foundation

/// Turns the paths written in config files into absolute, normalised ones, without touching the file system:
/// `..` and `.` are removed lexically, so the result is the path the user wrote, not where symlinks lead.
enum PathResolution {
    /// `path` if absolute, else `path` relative to `directory`; normalised either way.
    static func absolute(_ path: String, relativeTo directory: String) -> String {
        normalize(path.hasPrefix("/") ? path : directory + "/" + path)
    }

    /// The directory containing `file` (an absolute path).
    static func directory(of file: String) -> String {
        guard let slash = file.lastIndex(of: "/") else { return "." }
        return slash == file.startIndex ? "/" : String(file[..<slash])
    }

    /// The current working directory of the process.
    static var currentDirectory: String {
        FileManager.default.currentDirectoryPath
    }

    /// Collapses `//`, `.` and `..` in an absolute path; `..` at the root stays at the root.
    static func normalize(_ absolutePath: String) -> String {
        var components: [Substring] = []
        for component in absolutePath.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".":
                continue
            case "..":
                _ = components.popLast()
            default:
                components.append(component)
            }
        }
        return "/" + components.joined(separator: "/")
    }
}
