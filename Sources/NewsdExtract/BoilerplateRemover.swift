/// An element taken out of the page before scoring, and the signal that took it.
struct Removal {
    var element: Int
    var reason: String
}

/// Removes page furniture by what elements are (`<nav>`, `<aside>`, a `<header>` outside the article, hidden
/// elements) and by what their `class`, `id` and `role` say (share, newsletter, related, sidebar, ad…).
///
/// An element holding half of the page's text or 40% of its prose (paragraphs) is never removed this way: a
/// page-wide wrapper called `__next` is the page, not a pager, and a blog engine's `widget` holding the post is the
/// post. Nor is an element whose class words are the only signal when it holds a lot
/// of unlinked text or the page's headline (`<h1>`) or `articleBody` (a blog engine's `widget` around the post),
/// unless the words say comments or a cookie banner.
enum BoilerplateRemover {
    /// Visible characters above which unlinked text outweighs what class words say.
    static let textHeavy = 1500

    static func remove(from tree: inout PageTree) -> [Removal] {
        let total = tree.elements.isEmpty ? 0 : tree.elements[0].visible
        let prose = tree.elements.isEmpty ? 0 : tree.elements[0].prose
        var removals: [Removal] = []
        var articleEnd = -1
        var index = 0
        while index < tree.elements.count {
            let element = tree.elements[index]
            let insideArticle = index < articleEnd
            let holdsTheText = element.visible * 2 >= total || (prose >= 200 && element.prose * 5 >= prose * 2)
            if !holdsTheText, let reason = reason(for: element, insideArticle: insideArticle) {
                tree.elements[index].removed = true
                removals.append(Removal(element: index, reason: reason))
                index = element.end
                continue
            }
            if !insideArticle, element.name == "article" || element.name == "main" || element.isArticleBody {
                articleEnd = element.end
            }
            index += 1
        }
        return removals
    }

    private static func reason(for element: PageElement, insideArticle: Bool) -> String? {
        if element.kind == .pullQuote { return nil }
        switch element.name {
        case "html", "body":
            return nil
        case "nav", "aside", "form":
            return "removed <\(element.name)>"
        case "header", "footer":
            if !insideArticle { return "removed <\(element.name)> outside the article" }
        default:
            break
        }
        if element.isHidden { return "removed hidden element" }
        if let role = element.role, ClassVocabulary.boilerplateRoles.contains(role) {
            return "removed role=\(role)"
        }
        if element.name == "article", insideArticle, !element.holdsArticleMarker {
            return "removed <article> inside the article (a teaser)"
        }
        guard !element.isArticleBody, element.name != "article", element.name != "main" else { return nil }
        if let word = ClassVocabulary.boilerplateMatch(element.words) {
            let textHeavy = element.visible >= textHeavy && element.linkDensity < 0.25
            if textHeavy || element.holdsArticleMarker, !ClassVocabulary.alwaysFurniture.contains(word) { return nil }
            return "removed: class/id says '\(word)'"
        }
        return nil
    }
}
