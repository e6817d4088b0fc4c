import Foundation
import NewsdXML

/// Per-source extraction rules, for pages the general signals get wrong.
///
/// Rules come from a source's configuration. Each is applied on top of the general extraction and recorded in
/// the explanation as `rule: …`:
/// - ``contentXPath`` forces the content root (the first node it selects), instead of scoring containers;
/// - ``removeXPaths`` remove every node they select before anything else happens;
/// - ``dropPatterns`` drop every block whose text matches one of them (ICU regular expressions, searched anywhere in
///   the block; anchor with `^`/`$` as needed).
///
/// Validate them with ``validate()`` (``ArticleExtractor/init(rules:)`` does) so a bad rule is reported when the
/// configuration loads, not on every page.
public struct ExtractionRules: Sendable, Equatable {
    /// An XPath selecting the element that holds the article body, e.g. `//div[@id='story']`.
    public var contentXPath: String?
    /// XPaths selecting elements to remove, e.g. `//div[contains(@class,'inline-promo')]`.
    public var removeXPaths: [String]
    /// Regular expressions for paragraphs to drop, e.g. `^Advertisement$`.
    public var dropPatterns: [String]

    public init(contentXPath: String? = nil, removeXPaths: [String] = [], dropPatterns: [String] = []) {
        self.contentXPath = contentXPath
        self.removeXPaths = removeXPaths
        self.dropPatterns = dropPatterns
    }

    /// Whether there is no rule at all.
    public var isEmpty: Bool {
        contentXPath == nil && removeXPaths.isEmpty && dropPatterns.isEmpty
    }

    /// Checks that every XPath compiles and every pattern is a valid regular expression.
    ///
    /// - Throws: ``ExtractionRuleError`` naming the first bad rule.
    public func validate() throws(ExtractionRuleError) {
        _ = try CompiledRules(self)
    }
}

/// A per-source extraction rule that cannot be used.
public struct ExtractionRuleError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong with the rule.
    public enum Kind: Sendable, Equatable {
        /// An XPath that does not compile.
        case invalidXPath
        /// A regular expression that does not compile.
        case invalidPattern
    }

    public var kind: Kind
    /// Which rule: `contentXPath`, `removeXPaths[1]`, `dropPatterns[0]`.
    public var rule: String
    /// The rule's text as written.
    public var expression: String
    /// What the compiler said.
    public var detail: String

    public init(kind: Kind, rule: String, expression: String, detail: String) {
        self.kind = kind
        self.rule = rule
        self.expression = expression
        self.detail = detail
    }

    public var description: String {
        switch kind {
        case .invalidXPath:
            return "extraction rule \(rule): invalid XPath '\(expression)' (\(detail)); check its syntax"
        case .invalidPattern:
            return "extraction rule \(rule): invalid regular expression '\(expression)' (\(detail)); check its syntax"
        }
    }
}

/// Rules checked once and ready to apply: the XPaths known to compile, the patterns compiled.
struct CompiledRules: Sendable {
    struct DropPattern: Sendable {
        var source: String
        var regex: NSRegularExpression
    }

    var contentXPath: String?
    var removeXPaths: [String]
    var dropPatterns: [DropPattern]

    init(_ rules: ExtractionRules) throws(ExtractionRuleError) {
        if let xpath = rules.contentXPath {
            try Self.check(xpath, rule: "contentXPath")
        }
        for (index, xpath) in rules.removeXPaths.enumerated() {
            try Self.check(xpath, rule: "removeXPaths[\(index)]")
        }
        var patterns: [DropPattern] = []
        for (index, pattern) in rules.dropPatterns.enumerated() {
            do {
                patterns.append(DropPattern(source: pattern, regex: try NSRegularExpression(pattern: pattern)))
            } catch {
                throw ExtractionRuleError(kind: .invalidPattern, rule: "dropPatterns[\(index)]", expression: pattern,
                                          detail: "\(error)")
            }
        }
        contentXPath = rules.contentXPath
        removeXPaths = rules.removeXPaths
        dropPatterns = patterns
    }

    private static func check(_ xpath: String, rule: String) throws(ExtractionRuleError) {
        do {
            try MarkupDocument.validateXPath(xpath)
        } catch {
            throw ExtractionRuleError(kind: .invalidXPath, rule: rule, expression: xpath, detail: error.detail)
        }
    }

    /// The first drop pattern that matches `text`, if any.
    func dropPattern(matching text: String) -> String? {
        let range = NSRange(text.startIndex..., in: text)
        return dropPatterns.first { $0.regex.firstMatch(in: text, range: range) != nil }?.source
    }
}
