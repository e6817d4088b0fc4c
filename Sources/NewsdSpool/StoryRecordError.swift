/// Why bytes could not be read as a ``StoryRecord``.
public enum StoryRecordError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The JSON's `schema` is not `newsd.story/1` (or is missing, `found == nil`).
    case unsupportedSchema(found: String?)
    /// The bytes are not JSON, or a field is missing or has the wrong type. `field` is the key path, if known.
    case malformed(field: String?, reason: String)

    init(_ error: DecodingError) {
        func path(_ codingPath: [any CodingKey]) -> String? {
            let names = codingPath.map { key in key.intValue.map { "[\($0)]" } ?? key.stringValue }
            return names.isEmpty ? nil : names.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            self = .malformed(field: path(context.codingPath + [key]), reason: "missing")
        case .typeMismatch(let type, let context):
            self = .malformed(field: path(context.codingPath), reason: "expected \(type)")
        case .valueNotFound(let type, let context):
            self = .malformed(field: path(context.codingPath), reason: "expected \(type), found null")
        case .dataCorrupted(let context):
            self = .malformed(field: path(context.codingPath), reason: context.debugDescription)
        @unknown default:
            self = .malformed(field: nil, reason: "\(error)")
        }
    }

    /// What is wrong with the record and what to do about it.
    public var description: String {
        switch self {
        case .unsupportedSchema(let found?):
            return "the record has schema \"\(found)\", but this reader understands "
                + "\"\(StoryRecord.schemaIdentifier)\" only: use a reader built for that schema version"
        case .unsupportedSchema(nil):
            return "the JSON has no \"schema\" field, so it is not a newsd story record"
        case .malformed(let field?, let reason):
            return "the story record's field \"\(field)\" is invalid (\(reason)); see docs/spool-format.md"
        case .malformed(nil, let reason):
            return "the story record is invalid: \(reason); see docs/spool-format.md"
        }
    }
}
