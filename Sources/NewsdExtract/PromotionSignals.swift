/// Signals for the publisher talking to the reader rather than reporting: cross-sell section titles ("More Great
/// WIRED Stories"), calls to join a forum or send a tip, magazine subscription offers, comment and letters
/// policies, "follow us" lines, script-only widgets, and photo credits standing alone as a line.
///
/// Like ``TextSignals`` each reads whitespace-collapsed text, its lower-cased form and its word count, and looks
/// only at blocks short enough to be furniture. Each asks for two independent cues (a verb and its object, a
/// vocabulary word and a shape), so a quoted sentence that shares one word with them stays.
enum PromotionSignals {
    /// Why `text` is a promotion, or `nil`.
    static func promotion(_ text: String, lower: String, words: Int) -> String? {
        guard words <= 60, !lower.isEmpty else { return nil }
        if isCommunityCall(lower) { return "call to join or write in" }
        if isSubscriptionOffer(lower) { return "subscription offer" }
        if isCommentPolicy(lower) { return "comment policy" }
        if isFollowUs(lower, words: words) { return "follow-us line" }
        if words <= 12, TextMeasure.contains(lower, anyOf: ["requires javascript", "enable javascript"]) {
            return "script-only widget"
        }
        return nil
    }

    /// "Join our Space Forums to keep talking…", "If you have a news tip…", "Send us your kit review".
    private static func isCommunityCall(_ lower: String) -> Bool {
        if TextMeasure.contains(lower, anyOf: ["join our"]) {
            return TextMeasure.contains(lower, anyOf: ["forum", "community", "discussion", "conversation",
                                                      "mailing list", "newsletter"])
        }
        return TextMeasure.contains(lower, anyOf: ["have a news tip", "send us a news tip", "send us your"])
    }

    /// "Get Motor Cycle Monthly delivered through your letterbox every month. 12 issues for £12."
    private static func isSubscriptionOffer(_ lower: String) -> Bool {
        let delivered = TextMeasure.contains(lower, anyOf: ["delivered"])
            && TextMeasure.contains(lower, anyOf: ["letterbox", "your door", "your mailbox", "every month",
                                                  "every week", "subscription"])
        return delivered || TextMeasure.contains(lower, anyOf: ["issues for £", "issues for $", "issues for €"])
    }

    /// Moderation notices and letters-page invitations: "Comments … will not be approved by the moderator",
    /// "The Times is committed to publishing a diversity of letters to the editor…".
    private static func isCommentPolicy(_ lower: String) -> Bool {
        let aboutComments = TextMeasure.contains(lower, anyOf: ["comment", "comentário", "comentario", "kommentar",
                                                               "commentaire"])
        if aboutComments, TextMeasure.contains(lower, anyOf: ["moderat", "approved", "aprovad", "aprobad",
                                                            "freigeschaltet", "policy", "guidelines"]) {
            return true
        }
        return TextMeasure.contains(lower, anyOf: ["letters to the editor"])
            && TextMeasure.contains(lower, anyOf: ["like to hear", "our email", "here are some tips", "write to us"])
    }

    /// "Follow the New York Times Opinion section on Facebook, Twitter and Instagram."
    private static func isFollowUs(_ lower: String, words: Int) -> Bool {
        guard words <= 25, lower.hasPrefix("follow ") else { return false }
        return TextMeasure.contains(lower, anyOf: ["facebook", "twitter", "instagram", "linkedin", "youtube",
                                                  "tiktok", "telegram"])
    }

    /// A cross-sell section title: "More Great WIRED Stories", "More Space News", "More from Sport" is already
    /// a ``TextSignals`` phrase. The short blocks after it are furniture too.
    static func isCrossSellTitle(_ lower: String, words: Int) -> Bool {
        guard (2...6).contains(words), lower.hasPrefix("more ") || lower.hasPrefix("even more ") else { return false }
        let last = lower.split { !$0.isLetter }.last ?? ""
        return ["stories", "news", "articles", "reads", "coverage", "features", "videos", "reading", "headlines",
                "posts"].contains(last)
    }

    /// A photo credit standing alone: "Sakib Ali/Hindustan Times/Getty Images", "Личный архив Олеси Куприн",
    /// "Courtesy of the artist". Never a sentence.
    static func isPhotoCredit(_ text: String, lower: String, words: Int) -> Bool {
        guard words <= 10, let last = text.last, !".!?:\"\u{201D}".contains(last) else { return false }
        if ["courtesy of ", "photo courtesy", "image courtesy", "photo by ", "photos by ", "photograph by ",
            "personal archive", "личный архив", "фото: ", "foto: ", "crédito: ", "credit: "]
            .contains(where: lower.hasPrefix) {
            return true
        }
        let parts = lower.split(separator: "/").map { $0.trimmingPrefix(" ") }
        guard parts.count >= 2, let agency = parts.last else { return false }
        return agencies.contains(String(agency)) || agency.hasSuffix(" images") || agency.hasSuffix(" photos")
            || agency.hasSuffix(" pictures")
    }

    /// A caption set in the body: a sentence or two that ends with the photo's credit, in brackets after the
    /// sentence ("…on Sept. 4, 2018. (Thomas Peter/Reuters)", "…Titan. (NASA/JPL-Caltech/ASU)") or after a bar
    /// ("Antony J. Blinken | Facebook/Antony J. Blinken"). Body sentences cite sources, but not as a slashed
    /// credit after their full stop.
    static func isCreditedCaption(_ text: String, lower: String, words: Int) -> Bool {
        guard words <= 60, !lower.isEmpty else { return false }
        if lower.hasSuffix(")"), let open = lower.lastIndex(of: "(") {
            let credit = lower[lower.index(after: open)..<lower.index(before: lower.endIndex)]
            guard credit.count <= 80, !credit.contains("("),
                  let end = lower[..<open].last(where: { $0 != " " }), ".!?\"\u{201D}".contains(end) else {
                return false
            }
            return credit.contains("/") || creditWords.contains { credit.hasPrefix($0) }
                || TextMeasure.contains(String(credit), anyOf: [" via getty", "getty images"])
        }
        // After the last " | ": a short credit with a slash. Scanned as bytes: Foundation's backwards search
        // cost more than the rest of the classifier.
        let bytes = lower.utf8
        guard let bar = bytes.lastIndex(of: UInt8(ascii: "|")), bar > bytes.startIndex else { return false }
        let before = bytes[bytes.index(before: bar)]
        let credit = bytes[bytes.index(after: bar)...]
        guard before == 0x20, credit.first == 0x20, credit.contains(UInt8(ascii: "/")) else { return false }
        return credit.count(where: { $0 == 0x20 }) <= 6
    }

    private static let creditWords = ["credit", "photo", "image", "picture", "courtesy", "foto", "crédit"]

    private static let agencies: Set<String> = [
        "getty", "getty images", "afp", "reuters", "ap", "ap photo", "epa", "epa-efe", "efe", "dpa", "anp",
        "ansa", "xinhua", "tass", "shutterstock", "alamy", "istock", "istockphoto", "pool", "bloomberg",
        "sipa", "zuma press", "abaca", "picture alliance", "imago",
    ]
}
