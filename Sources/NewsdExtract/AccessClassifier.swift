/// Decides whether a page is the article or a wall in front of it: a paywall stub or a cookie/consent wall.
///
/// A wall shows as furniture that was dropped (a "subscribe to continue reading" notice, a cookie banner, an element
/// classed `paywall` or `consent`) around too little body to be the article. schema.org `isAccessibleForFree:
/// false` alone does not make a stub — publishers declare it on pages that carry the whole text — but with a short
/// body it does.
enum AccessClassifier {
    /// Fewer body words than this, with a paywall signal, is a teaser, not the article.
    static let teaserWords = 200
    /// Fewer body words than this, with a consent signal, is a wall, not the article: cookie banners sit on most
    /// article pages, so only a page with next to no other text is a wall.
    static let wallWords = 40
    /// Visible characters the page may hold besides its consent notices and still be a wall.
    static let wallPageText = 400

    /// More body words than this is an article whatever it says about consent.
    static let consentPageWords = 600

    /// Body words in paragraphs about cookies and consent.
    private static func consentWords(_ blocks: [ClassifiedBlock]) -> Int {
        blocks.reduce(0) { total, block in
            guard block.outcome == .body, TextSignals.isConsentText(block.block.text) else { return total }
            return total + TextMeasure.wordCount(block.block.text)
        }
    }

    /// The page's access, and the signal that decided it (for explanations), `nil` for an open article.
    static func classify(_ blocks: [ClassifiedBlock], removals: [Removal], tree: PageTree,
                         isAccessibleForFree: Bool?) -> (access: ArticleAccess, reason: String?) {
        var bodyWords = 0
        var paywallNotice = false
        var consentNotice = false
        var consentText = 0
        for block in blocks {
            switch block.outcome {
            case .body:
                bodyWords += TextMeasure.wordCount(block.block.text)
            case .dropped:
                if block.reason == TextSignals.paywallReason { paywallNotice = true }
                if block.reason == TextSignals.cookieReason {
                    consentNotice = true
                    consentText += block.block.visible
                }
            default:
                continue
            }
        }
        for removal in removals {
            let words = tree.elements[removal.element].words
            // A paywall element only counts when it asks for a subscription: a "paywall" login button in the
            // header sits on free articles too.
            if words.contains(where: ClassVocabulary.paywall.contains) {
                let text = tree.text(of: removal.element)
                let lower = TextSignals.lowered(text)
                if TextSignals.isPaywallNotice(text, lower: lower, words: min(TextMeasure.wordCount(text), 60))
                    || TextMeasure.contains(lower, anyOf: ["subscribe", "subscription"]) {
                    paywallNotice = true
                }
            }
            if words.contains(where: ClassVocabulary.consent.contains) { consentNotice = true }
        }
        // A consent page whose own text survived as "body": most of it is about cookies and consent.
        if bodyWords > 0, bodyWords < consentPageWords, consentWords(blocks) * 2 >= bodyWords {
            return (.consentWall, "most of the text is about cookies and consent")
        }
        let otherText = tree.elements[tree.body].visible - consentText
        if consentNotice, bodyWords < wallWords, otherText < wallPageText {
            return (.consentWall, "a cookie or consent notice and only \(bodyWords) words of text")
        }
        if bodyWords < teaserWords {
            if paywallNotice { return (.paywalled, "a subscription notice and only \(bodyWords) words of text") }
            if isAccessibleForFree == false {
                return (.paywalled, "isAccessibleForFree is false and only \(bodyWords) words of text")
            }
        }
        return (.open, nil)
    }
}
