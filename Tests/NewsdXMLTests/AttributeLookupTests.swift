import NewsdXML
import Testing

@Suite("Attribute look-up in the tree")
struct AttributeLookupTests {
    private func element(_ markup: String) throws -> MarkupNode {
        let document = try MarkupDocument.html(Array("<html><body>\(markup)</body></html>".utf8))
        return try #require(try document.select("//body/*").first)
    }

    @Test("finds an attribute by its whole name, and no attribute by a prefix or an extension of it")
    func wholeNames() throws {
        let node = try element("<div class=\"story\" data-class=\"x\" classy=\"y\">text</div>")
        #expect(node.value(ofAttribute: "class") == "story")
        #expect(node.value(ofAttribute: "clas") == nil)
        #expect(node.value(ofAttribute: "classyy") == nil)
        #expect(node.value(ofAttribute: "id") == nil)
    }

    @Test("resolves entities and gives an empty value for a bare attribute")
    func values() throws {
        let node = try element("<p title=\"Tom &amp; Jerry\" hidden>text</p>")
        #expect(node.value(ofAttribute: "title") == "Tom & Jerry")
        #expect(node.value(ofAttribute: "hidden") == "")
    }

    @Test("finds an attribute the internal DTD subset gives a default value on an element written without any")
    func dtdDefaultAttribute() throws {
        let text = """
            <!DOCTYPE feed [<!ATTLIST entry kind CDATA "story">]>
            <feed><entry/><entry kind="note"/></feed>
            """
        let document = try MarkupDocument.xml(Array(text.utf8))
        let entries = try #require(document.root?.elementChildren)
        #expect(entries.map { $0.attribute("kind") } == ["story", "note"])
    }

    @Test("finds no attribute, namespaced or not, on an element without attributes")
    func elementWithoutAttributes() throws {
        let document = try MarkupDocument.xml(Array("<feed xml:lang=\"en\"><entry/></feed>".utf8))
        let root = try #require(document.root)
        let entry = try #require(root.elementChildren.first)
        #expect(root.attribute("lang", namespace: "http://www.w3.org/XML/1998/namespace") == "en")
        #expect(entry.attribute("lang", namespace: "http://www.w3.org/XML/1998/namespace") == nil)
        #expect(entry.attribute("kind") == nil)
    }
}
