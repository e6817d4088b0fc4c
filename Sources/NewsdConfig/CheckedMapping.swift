import Yams

/// A YAML mapping from one section of a config file, with its keys already checked against those the section
/// allows, and typed readers that report a problem (file, line, column, key path) for every bad value.
struct CheckedMapping {
    /// The file the mapping came from.
    let file: String
    /// The key path of the mapping itself (`""` for a file's top level, `fetch`, `rules`, …).
    let path: String
    /// Where the mapping starts, for "required key is missing".
    let mark: Mark?
    private var entries: [String: (key: Node, value: Node)] = [:]
    /// False when the node was something other than a mapping (already reported); required keys are then not
    /// reported as missing, which would only repeat the same mistake.
    private var isMapping = true

    /// Checks `node` as a mapping with the `allowed` keys. Unknown keys are reported with the closest allowed key,
    /// or with `misplaced` advice when the key belongs elsewhere; repeated keys are reported too. A `nil` or null
    /// node is an empty mapping.
    init(
        _ node: Node?,
        file: String,
        path: String,
        allowed: [String],
        misplaced: [String: String] = [:],
        problems: inout ProblemList
    ) {
        self.file = file
        self.path = path
        self.mark = node?.mark
        guard let node, !node.isNull else { return }
        guard let mapping = node.mapping else {
            isMapping = false
            let what = path.isEmpty ? "the file to be a mapping of keys to values" : "a mapping of keys to values"
            problems.add(file, at: node.mark, key: path.isEmpty ? nil : path,
                         "expected \(what), got \(node.shortDescription)")
            return
        }
        for (keyNode, value) in mapping {
            let key = keyNode.scalar?.string ?? keyNode.shortDescription
            let keyPath = Self.join(path, key)
            if let earlier = entries[key] {
                let line = earlier.key.mark.map { " on line \($0.line)" } ?? ""
                problems.add(file, at: keyNode.mark, key: keyPath, "key appears twice; it is already set\(line)")
            } else if allowed.contains(key) {
                entries[key] = (keyNode, value)
            } else if let advice = misplaced[key] {
                problems.add(file, at: keyNode.mark, key: keyPath, "unknown key here; \(advice)")
            } else if let suggestion = KeySuggestion.closest(to: key, among: allowed) {
                problems.add(file, at: keyNode.mark, key: keyPath, "unknown key; did you mean `\(suggestion)`?")
            } else {
                let known = allowed.map { "`\($0)`" }.joined(separator: ", ")
                problems.add(file, at: keyNode.mark, key: keyPath, "unknown key; the keys allowed here are \(known)")
            }
        }
    }

    /// `fetch` + `timeout` → `fetch.timeout`.
    static func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }

    /// The key path of `key` in this mapping.
    func keyPath(_ key: String) -> String {
        Self.join(path, key)
    }

    /// The value node for `key`, if the key is present.
    func node(_ key: String) -> Node? {
        entries[key]?.value
    }

    /// Where to point a problem about `key`'s value: the value itself, or the key when the value is empty.
    func mark(of key: String) -> Mark? {
        guard let entry = entries[key] else { return mark }
        return entry.value.isNull ? entry.key.mark : entry.value.mark
    }

    /// Reports `key` as missing when it is absent; returns whether it is present.
    @discardableResult
    func require(_ key: String, _ hint: String, problems: inout ProblemList) -> Bool {
        guard entries[key] == nil else { return true }
        guard isMapping else { return false }
        problems.add(file, at: mark, key: keyPath(key), "required key is missing; \(hint)")
        return false
    }

    /// Reads `key` through `convert`; on failure reports "expected \(expected), got …". `nil` when absent or bad.
    func read<Value>(
        _ key: String,
        expected: String,
        problems: inout ProblemList,
        _ convert: (Node) -> Value?
    ) -> Value? {
        guard let value = node(key) else { return nil }
        if let converted = convert(value) {
            return converted
        }
        problems.add(file, at: mark(of: key), key: keyPath(key), "expected \(expected), got \(value.shortDescription)")
        return nil
    }

    /// A non-empty text value.
    func string(_ key: String, problems: inout ProblemList) -> String? {
        let text = read(key, expected: "a string", problems: &problems) { $0.scalarText }
        if text?.isEmpty == true {
            problems.add(file, at: mark(of: key), key: keyPath(key), "must not be empty")
            return nil
        }
        return text
    }

    /// `true`/`false` (YAML's `yes`/`no`/`on`/`off` too).
    func bool(_ key: String, problems: inout ProblemList) -> Bool? {
        read(key, expected: "true or false", problems: &problems) { node in
            node.scalarText.flatMap { Self.booleans[$0] }
        }
    }

    private static let booleans: [String: Bool] = [
        "true": true, "True": true, "TRUE": true, "yes": true, "Yes": true, "YES": true, "on": true, "On": true,
        "ON": true, "false": false, "False": false, "FALSE": false, "no": false, "No": false, "NO": false,
        "off": false, "Off": false, "OFF": false,
    ]

    /// A whole number in `range`.
    func integer(_ key: String, in range: ClosedRange<Int>, problems: inout ProblemList) -> Int? {
        let number = read(key, expected: "a whole number", problems: &problems) { $0.scalarText.flatMap { Int($0) } }
        return checked(number, key: key, minimum: range.lowerBound, maximum: range.upperBound, format: String.init,
                       problems: &problems)
    }

    /// A byte count (`1048576`, `512KiB`, `10MB`) of at least `minimum`.
    func byteSize(_ key: String, atLeast minimum: Int, problems: inout ProblemList) -> Int? {
        let size = read(key, expected: "a size like 10MB or 512KiB", problems: &problems) {
            $0.scalarText.flatMap(ByteSize.parse)
        }
        return checked(size, key: key, minimum: minimum, maximum: nil, format: ByteSize.format, problems: &problems)
    }

    /// A duration (`30s`, `15m`, `1h30m`) of at least `minimum` and, when given, at most `maximum`.
    func duration(_ key: String, atLeast minimum: Duration, atMost maximum: Duration? = nil,
                  problems: inout ProblemList) -> Duration? {
        let duration = read(key, expected: "a duration like 15m or 1h30m", problems: &problems) { node in
            node.scalarText.flatMap(DurationText.parse)
        }
        return checked(duration, key: key, minimum: minimum, maximum: maximum, format: DurationText.format,
                       problems: &problems)
    }

    /// The non-empty strings in the list at `key`, each with its key path and mark (for a later problem).
    /// Entries that are not strings are reported and left out; `nil` when the key is absent or not a list.
    func stringList(_ key: String, problems: inout ProblemList) -> [ListItem]? {
        guard let value = node(key) else { return nil }
        guard let sequence = value.sequence else {
            problems.add(file, at: mark(of: key), key: keyPath(key),
                         "expected a list of strings, got \(value.shortDescription)")
            return nil
        }
        var items: [ListItem] = []
        for (index, item) in sequence.enumerated() {
            guard let text = item.scalarText, !text.isEmpty else {
                problems.add(file, at: item.mark, key: "\(keyPath(key))[\(index)]",
                             "expected a non-empty string, got \(item.shortDescription)")
                continue
            }
            items.append(ListItem(text: text, keyPath: "\(keyPath(key))[\(index)]", mark: item.mark))
        }
        return items
    }

    /// The entries of the mapping at `key` whose values are strings (numbers and booleans are taken as written),
    /// each with its key path and mark. Entries with other values are reported and left out; `nil` when the key is
    /// absent or not a mapping.
    func stringMapping(_ key: String, problems: inout ProblemList) -> [MappingEntry]? {
        guard let value = node(key) else { return nil }
        if value.isNull { return [] }
        guard let mapping = value.mapping else {
            problems.add(file, at: mark(of: key), key: keyPath(key),
                         "expected a mapping of names to values, got \(value.shortDescription)")
            return nil
        }
        var entries: [MappingEntry] = []
        var seen: Set<String> = []
        for (nameNode, valueNode) in mapping {
            let name = nameNode.scalarText ?? nameNode.shortDescription
            let entryPath = Self.join(keyPath(key), name)
            guard let text = valueNode.scalarText else {
                problems.add(file, at: valueNode.isNull ? nameNode.mark : valueNode.mark, key: entryPath,
                             "expected a string, got \(valueNode.shortDescription)")
                continue
            }
            guard seen.insert(name.lowercased()).inserted else {
                problems.add(file, at: nameNode.mark, key: entryPath, "given twice (names ignore case)")
                continue
            }
            entries.append(MappingEntry(name: name, value: text, keyPath: entryPath, mark: nameNode.mark))
        }
        return entries
    }

    private func checked<Value: Comparable>(
        _ value: Value?,
        key: String,
        minimum: Value,
        maximum: Value?,
        format: (Value) -> String,
        problems: inout ProblemList
    ) -> Value? {
        guard let value else { return nil }
        if let maximum, value < minimum || value > maximum {
            problems.add(file, at: mark(of: key), key: keyPath(key),
                         "must be between \(format(minimum)) and \(format(maximum)), got \(format(value))")
            return nil
        }
        if value < minimum {
            problems.add(file, at: mark(of: key), key: keyPath(key),
                         "must be at least \(format(minimum)), got \(format(value))")
            return nil
        }
        return value
    }
}

/// One name and string value from a mapping value, with where the name was written.
struct MappingEntry {
    var name: String
    var value: String
    /// The entry's key path, such as `headers.Accept-Language`.
    var keyPath: String
    var mark: Mark?
}

/// One string from a list value, with where it was written.
struct ListItem {
    var text: String
    /// The item's key path, such as `feeds[2]`.
    var keyPath: String
    var mark: Mark?
}

extension Node {
    /// The resolved tag (`str`, `int`, `null`, …); read through `description`, the public spelling in every Yams.
    private var resolvedTagName: Tag.Name {
        Tag.Name(rawValue: tag.description)
    }

    /// Whether this is YAML's null: an empty value, `~` or `null`.
    var isNull: Bool {
        guard let scalar else { return false }
        return resolvedTagName == .null && scalar.style == .plain
    }

    /// The text of a non-null scalar; `nil` for null, lists and mappings.
    var scalarText: String? {
        guard let scalar, !isNull else { return nil }
        return scalar.string
    }

    /// How a problem message shows this value: `"soon"`, `30`, `nothing`, `a list`, `a mapping`.
    var shortDescription: String {
        switch self {
        case .scalar(let scalar):
            if isNull {
                return "nothing"
            }
            let text = scalar.string.count > 60 ? String(scalar.string.prefix(57)) + "..." : scalar.string
            return resolvedTagName == .str ? "\"\(text)\"" : text
        case .mapping:
            return "a mapping"
        case .sequence:
            return "a list"
        }
    }
}
