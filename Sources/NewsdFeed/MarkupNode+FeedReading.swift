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

    /// Every element below this one that `matches`, in document order, with its scope (`scope` being this
    /// element's own). Matches nested inside a match are included too.
    func descendants(scope: ElementScope, where matches: (MarkupNode) -> Bool)
        -> [(node: MarkupNode, scope: ElementScope)]
    {
        var found: [(node: MarkupNode, scope: ElementScope)] = []
        for child in elementChildren {
            let childScope = scope.entering(child)
            if matches(child) {
                found.append((child, childScope))
            }
            found += child.descendants(scope: childScope, where: matches)
        }
        return found
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
