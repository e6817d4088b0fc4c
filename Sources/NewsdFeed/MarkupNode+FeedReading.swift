internal import NewsdXML

/// Element lookups and text reading shared by the RSS and Atom readers.
extension MarkupNode {
    /// The child elements called `name` whose namespace is one of `namespaces` (`nil` stands for no namespace).
    func children(named name: String, in namespaces: [String?]) -> [MarkupNode] {
        elementChildren.filter { $0.name == name && namespaces.contains($0.namespaceURI) }
    }

    /// The first child element called `name` in one of `namespaces`.
    func child(named name: String, in namespaces: [String?]) -> MarkupNode? {
        elementChildren.first { $0.name == name && namespaces.contains($0.namespaceURI) }
    }

    /// What a search through the tree does with an element.
    enum SearchStep {
        /// Keep it, and look inside it too.
        case take
        /// Look inside it.
        case descend
        /// Neither keep it nor look inside.
        case skip
    }

    /// The elements below this one that `step` takes, in document order, with their scopes (`scope` being this
    /// element's own).
    func descendants(scope: ElementScope, step: (MarkupNode) -> SearchStep)
        -> [(node: MarkupNode, scope: ElementScope)]
    {
        var found: [(node: MarkupNode, scope: ElementScope)] = []
        collect(scope: scope, step: step, into: &found)
        return found
    }

    private func collect(scope: ElementScope, step: (MarkupNode) -> SearchStep,
                         into found: inout [(node: MarkupNode, scope: ElementScope)]) {
        for child in elementChildren {
            let action = step(child)
            guard action != .skip else { continue }
            let childScope = scope.entering(child)
            if action == .take { found.append((child, childScope)) }
            child.collect(scope: childScope, step: step, into: &found)
        }
    }

    /// Whether this element is called `name` in `namespace`.
    func isElement(_ name: String, in namespace: String?) -> Bool {
        self.name == name && namespaceURI == namespace
    }

    /// All the text inside, trimmed; `nil` when there is none.
    var trimmedText: String? {
        let text = textContent.trimmingSpaces
        return text.isEmpty ? nil : text
    }

    /// An element holding HTML: its text (escaped HTML or CDATA), or its serialised children when the feed put
    /// the markup in unescaped; trimmed, `nil` when empty.
    var htmlValue: String? {
        elementChildren.isEmpty ? trimmedText : innerMarkup.trimmingSpaces.nonEmpty
    }

    /// An attribute's value, trimmed; `nil` when absent or empty.
    func trimmedAttribute(_ name: String) -> String? {
        guard let value = attribute(name)?.trimmingSpaces, !value.isEmpty else { return nil }
        return value
    }
}
