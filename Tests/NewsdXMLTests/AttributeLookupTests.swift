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
}
