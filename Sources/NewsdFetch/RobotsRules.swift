/// The rules of one robots.txt file (RFC 9309), and whether they let a crawler fetch a path.
///
/// Groups start with one or more `User-agent` lines and hold `Allow` and `Disallow` rules. The crawler obeys every
/// group naming its product token (compared without regard to case), or else every `*` group, or else nothing. Of
/// the rules matching a path the longest wins, and `Allow` wins a tie; `*` matches any run of characters and a final
/// `$` anchors the end. An empty `Disallow` allows everything. `/robots.txt` itself is always allowed.
public struct RobotsRules: Sendable, Equatable {
    /// One `Allow` or `Disallow` line.
    struct Rule: Sendable, Equatable {
        var allows: Bool
        var pattern: [UInt8]
    }

    /// A group: the agents it names (lower-cased) and its rules.
    struct Group: Sendable, Equatable {
        var agents: [String]
        var rules: [Rule]
    }

    /// The largest robots.txt read, as Google and RFC 9309 suggest (500 KiB); the rest is ignored.
    public static let maximumBytes = 500 * 1024

    /// Everything allowed: a missing robots.txt (4xx).
    public static let allowAll = RobotsRules(groups: [])
    /// Everything disallowed: the server failed (5xx) or could not be reached.
    public static let disallowAll = RobotsRules(groups: [Group(agents: ["*"], rules: [Rule(allows: false, pattern: Array("/".utf8))])])

    let groups: [Group]

    init(groups: [Group]) {
        self.groups = groups
    }

    /// Parses a robots.txt body; lines that are not understood are skipped.
    public init(parsing bytes: [UInt8]) {
        var groups: [Group] = []
        var current: Group?
        var lastWasAgent = false
        let text = String(decoding: bytes.prefix(Self.maximumBytes), as: UTF8.self)
        for rawLine in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let line = rawLine.prefix { $0 != "#" }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingHTTPWhitespace().lowercased()
            let value = line[line.index(after: colon)...].trimmingHTTPWhitespace()
            switch key {
            case "user-agent":
                if !lastWasAgent {
                    if let current { groups.append(current) }
                    current = Group(agents: [], rules: [])
                }
                current?.agents.append(value == "*" ? "*" : RobotsRules.productToken(of: value))
                lastWasAgent = true
            case "allow", "disallow":
                lastWasAgent = false
                guard current != nil, !value.isEmpty else { continue }
                current?.rules.append(Rule(allows: key == "allow", pattern: Array(value.utf8)))
            default:
                continue
            }
        }
        if let current { groups.append(current) }
        self.groups = groups
    }

    /// Whether a crawler whose product token is `agent` (such as `newsd`) may fetch `path` (path and query, from
    /// `/`).
    public func allows(path: String, agent: String) -> Bool {
        if path == "/robots.txt" { return true }
        let token = agent.lowercased()
        var rules = groups.filter { $0.agents.contains(token) }.flatMap(\.rules)
        if rules.isEmpty, !groups.contains(where: { $0.agents.contains(token) }) {
            rules = groups.filter { $0.agents.contains("*") }.flatMap(\.rules)
        }
        let target = Array(path.utf8)
        var best: Rule?
        for rule in rules where Self.matches(rule.pattern, target) {
            guard let chosen = best else {
                best = rule
                continue
            }
            if rule.pattern.count > chosen.pattern.count || (rule.pattern.count == chosen.pattern.count && rule.allows) {
                best = rule
            }
        }
        return best?.allows ?? true
    }

    /// Whether `pattern` (with `*` and a final `$`) matches a prefix of `path` (all of it, with `$`).
    static func matches(_ pattern: [UInt8], _ path: [UInt8]) -> Bool {
        var pattern = pattern[...]
        let anchored = pattern.last == UInt8(ascii: "$")
        if anchored { pattern = pattern.dropLast() }
        // Positions in `path` the pattern so far can end at; a `*` widens them to every later position.
        var positions: [Int] = [0]
        for byte in pattern {
            if byte == UInt8(ascii: "*") {
                guard let first = positions.first else { return false }
                positions = Array(first...path.count)
            } else {
                positions = positions.compactMap { $0 < path.count && path[$0] == byte ? $0 + 1 : nil }
                if positions.isEmpty { return false }
            }
        }
        return anchored ? positions.contains(path.count) : !positions.isEmpty
    }

    /// The product token a `User-Agent` header starts with: `newsd` for `newsd/0.1 (+https://…)`.
    public static func productToken(of userAgent: String) -> String {
        String(userAgent.prefix { $0 != "/" && $0 != " " && $0 != "(" }).lowercased()
    }
}
