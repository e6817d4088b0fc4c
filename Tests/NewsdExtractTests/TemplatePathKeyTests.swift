import NewsdDedupe
@testable import NewsdExtract
import NewsdXML
import Testing

/// A block's structural key is the hash of its path below `<body>`: each ancestor's name and class words, joined.
@Suite("Template path keys")
struct TemplatePathKeyTests {
    private static let page = """
        <html><body><div class="page wrap"><header class="site-header"><nav class="menu main-nav">
        <a href="/">Home</a></nav></header><main id="content"><article class="post story-body">
        <h1>Title</h1><p class="lead">First paragraph.</p><p>Second.</p><aside class="related news">
        <ul><li><a href="/x">X</a></li></ul></aside></article></main>
        <footer class="footer site-footer"><p>Footer text</p></footer></div></body></html>
        """

    /// The rule written out: every step from the top down, joined by `>`, hashed once.
    private static func reference(_ tree: PageTree, _ index: Int, urlWords: Set<String>) -> UInt64 {
        var steps: [String] = []
        var current = index
        while current >= 0, current != tree.body {
            let element = tree.elements[current]
            let words = Set(element.words.filter { $0.count >= 3 && !urlWords.contains($0) })
            steps.append(([element.name] + words.sorted()).joined(separator: "."))
            current = element.parent
        }
        return ParagraphFingerprint.hash(steps.reversed().joined(separator: ">"))
    }

    @Test("each element's key equals the hash of its joined path, whatever order elements are asked in")
    func keysMatchJoinedPaths() throws {
        let document = try MarkupDocument.html(Array(Self.page.utf8), url: "https://example.org/news/story-body")
        let tree = PageTree(document: document, contentNode: nil)
        let urlWords = Set(ClassVocabulary.words("/news/story-body"))
        var topDown = TemplateKeys(tree: tree, url: "https://example.org/news/story-body")
        var bottomUp = TemplateKeys(tree: tree, url: "https://example.org/news/story-body")
        #expect(tree.elements.count > 10)
        for index in tree.elements.indices {
            #expect(topDown.path(of: index) == Self.reference(tree, index, urlWords: urlWords))
        }
        for index in tree.elements.indices.reversed() {
            #expect(bottomUp.path(of: index) == Self.reference(tree, index, urlWords: urlWords))
        }
    }
}
