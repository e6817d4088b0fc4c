import Foundation

/// Signals read from a block's text alone: the phrases, shapes and vocabularies of page furniture.
///
/// Each takes whitespace-collapsed text, its lower-cased form (``lowered(_:)``, computed once per block by the
/// caller, which may pass an empty string for blocks longer than ``longestLowered`` words) and its word count.
/// They look only at short blocks, where such furniture lives, so a real paragraph that happens to start with "Share prices…" is not mistaken for a share bar.
enum TextSignals {
    /// The most words any signal that reads lower-cased text looks at: longer blocks need no lower-cased form.
    static let longestLowered = 80

    /// A phrase that starts a furniture block.
    struct Phrase {
        var text: String
        /// How many words the block may have when the phrase is followed by a space (not a colon or separator).
        var maxWords: Int
        /// Whether the phrase introduces a section of furniture (related stories, newsletter, next story…):
        /// short blocks after it are furniture too until real text resumes.
        var endsSection: Bool
    }

    static let phrases: [Phrase] = {
        var phrases: [Phrase] = []
        func add(_ texts: [String], maxWords: Int, endsSection: Bool) {
            phrases += texts.map { Phrase(text: $0, maxWords: maxWords, endsSection: endsSection) }
        }
        add(["also read", "read also", "read more", "see also", "more reading", "recommended reading",
             "continue reading", "story continues below", "article continues below", "continue below",
             "advertisement", "advertising", "ad feedback", "click here", "tap here", "watch:", "listen:",
             "listen to this article", "photo:", "image:", "file photo", "tweet", "share", "share this",
             "share on", "share article", "print", "email", "save article", "gift article"],
            maxWords: 20, endsSection: false)
        add(["related", "related articles", "related stories", "related news", "related content", "related posts",
             "more news", "more stories", "more from", "more on this", "more articles", "more in", "more like this",
             "read next", "up next", "what to read next", "previous story", "next story", "previous article",
             "next article", "previous post", "next post", "previous", "next", "go to top", "go totop",
             "back to top", "to top", "top of page", "you may also like", "you might also like",
             "you may also be interested", "you might be interested", "you may like", "we recommend",
             "recommended", "recommended for you", "don't miss", "dont miss", "latest", "latest news", "latest from",
             "trending", "trending now", "most read", "most popular", "most viewed", "popular", "top stories",
             "editor's picks", "editors picks", "sign up", "signup", "subscribe", "newsletter", "get our newsletter",
             "follow us", "tags", "tagged", "topics", "filed under", "comments", "leave a comment",
             "join the conversation", "join the discussion", "copyright", "©", "all rights reserved", "sponsored",
             "promoted", "around the web", "from the web", "partner content"],
            maxWords: 6, endsSection: true)
        // Longest first, so "related articles" is reported rather than "related".
        return phrases.sorted { $0.text.count > $1.text.count }
    }()

    /// The furniture phrase `text` starts with, if it is short enough to be furniture.
    static func phrase(_ text: String, lower: String, words: Int) -> Phrase? {
        guard words <= 30 else { return nil }
        // A byte-wise opening is necessary for `hasPrefix` (no phrase has another canonically equivalent
        // spelling), and much cheaper, so it screens the phrases first.
        for phrase in phrases where startsWithBytes(lower, phrase.text) && lower.hasPrefix(phrase.text) {
            let rest = lower.dropFirst(phrase.text.count)
            guard let next = rest.first else { return phrase }
            if next.isLetter || next.isNumber { continue }
            let trimmed = rest.drop { $0 == " " }
            if let mark = trimmed.first, ":|»›>-–—/".contains(mark) || phrase.text.hasSuffix(":") {
                return phrase
            }
            if words <= phrase.maxWords { return phrase }
        }
        return nil
    }

    private static func startsWithBytes(_ text: String, _ prefix: String) -> Bool {
        let textBytes = text.utf8
        let prefixBytes = prefix.utf8
        guard textBytes.count >= prefixBytes.count else { return false }
        return textBytes.starts(with: prefixBytes)
    }

    /// "1 min read", "5 minute read", "Reading time: 4 minutes", "Tempo de leitura: 2 minutos", "Lesezeit: 3 Min.".
    static func isReadingTime(_ text: String, lower: String, words: Int) -> Bool {
        guard words <= 6 else { return false }
        if let tokens = ASCIITokens.split(lower, keeping: { ASCIITokens.isLetter($0) || ASCIITokens.isDigit($0) }) {
            return tokens.contains { $0.utf8.allSatisfy(ASCIITokens.isDigit) }
                && tokens.contains { minuteWords.contains($0) } && tokens.contains { readingWords.contains($0) }
        }
        let tokens = lower.split { !$0.isLetter && !$0.isNumber }
        let hasNumber = tokens.contains { $0.allSatisfy(\.isNumber) }
        let hasMinutes = tokens.contains { minuteWords.contains(String($0)) }
        let hasRead = tokens.contains { readingWords.contains(String($0)) }
        return hasNumber && hasMinutes && hasRead
    }

    private static let minuteWords: Set<String> = [
        "min", "mins", "minute", "minutes", "minuto", "minutos", "minuti", "minuten", "minut", "minuty", "мин",
        "минут", "минуты", "минута", "хвилин",
    ]
    private static let readingWords: Set<String> = [
        "read", "reading", "leitura", "lectura", "lecture", "lettura", "lesezeit", "leestijd", "чтения", "читання",
    ]

    /// Text shaped like an image file name used as alt text: `IMG_2041.jpg`, `273699688 323902003007540 n`.
    static func isImageFileName(_ text: String, lower: String, words: Int) -> Bool {
        guard words <= 8 else { return false }
        for suffix in [".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".bmp", ".tif", ".tiff", ".heic"]
        where lower.hasSuffix(suffix) && !lower.utf8.contains(0x20) {
            return true
        }
        if let tokens = ASCIITokens.split(lower, keeping: { $0 != 0x20 && $0 != 0x5F && $0 != 0x2D && $0 != 0x2E }) {
            // ASCII without CR: a token's characters are its bytes.
            if let first = tokens.first, ["img", "dsc", "dscn", "pxl", "image"].contains(first),
               tokens.count >= 2, tokens[1].utf8.allSatisfy(ASCIITokens.isDigit) {
                return true
            }
            let longNumbers = tokens.filter { $0.utf8.count >= 6 && $0.utf8.allSatisfy(ASCIITokens.isDigit) }.count
            let wordy = tokens.contains { $0.utf8.count >= 4 && $0.utf8.allSatisfy(ASCIITokens.isLetter) }
            return longNumbers >= 2 && !wordy
        }
        let tokens = lower.split { $0 == " " || $0 == "_" || $0 == "-" || $0 == "." }
        if let first = tokens.first, ["img", "dsc", "dscn", "pxl", "image"].contains(first),
           tokens.count >= 2, tokens[1].allSatisfy(\.isNumber) {
            return true
        }
        let longNumbers = tokens.filter { $0.count >= 6 && $0.allSatisfy(\.isNumber) }.count
        let wordy = tokens.contains { token in token.count >= 4 && token.allSatisfy(\.isLetter) }
        return longNumbers >= 2 && !wordy
    }

    /// A cookie banner's sentence or title.
    static func isCookieNotice(_ text: String, lower: String, words: Int) -> Bool {
        guard words <= 80 else { return false }
        guard TextMeasure.contains(lower, anyOf: ["cookie"]) else { return false }
        if words <= 6 { return true }
        return ["we use", "this site uses", "this website uses", "our site uses", "uses cookies", "use of cookies",
                "you agree", "you consent", "accept", "consent", "cookie policy", "cookie settings", "privacy policy",
                "browsing experience", "by continuing"].contains { TextMeasure.contains(lower, anyOf: [$0]) }
    }

    /// The reason recorded for a block dropped by ``isPaywallNotice(_:words:)``.
    static let paywallReason = "paywall notice"
    /// The reason recorded for a block dropped by ``isCookieNotice(_:words:)``.
    static let cookieReason = "cookie notice"

    private static let paywallPhrases = [
        "subscribe to continue", "subscribe to read", "subscribe now to", "subscribers only", "for subscribers",
        "subscriber-only", "subscriber only", "subscriber exclusive", "exclusive to subscribers",
        "to continue reading", "to keep reading", "continue reading with", "already a subscriber",
        "already have an account", "already subscribed", "sign in to continue", "log in to continue",
        "sign in to read", "log in to read", "you have reached your", "you've reached your", "free articles",
        "unlock this article", "unlock this story", "become a member to", "premium content", "premium article",
        "this content is reserved", "this article is reserved", "paywall",
    ]

    /// A short block asking the reader to subscribe or sign in to read on: "Subscribe to continue reading".
    static func isPaywallNotice(_ text: String, lower: String, words: Int) -> Bool {
        guard words <= 60 else { return false }
        return TextMeasure.contains(lower, anyOf: paywallPhrases)
    }

    private static let consentPhrases = [
        "cookie", "consent", "personal data", "legitimate interest", "privacy settings", "privacy choices",
        "our partners", "we and our partners", "accept all", "reject all", "manage options", "data protection",
        "privacy policy", "tracking technologies",
    ]

    /// Text about cookies and consent: a consent page's own paragraphs.
    static func isConsentText(_ text: String) -> Bool {
        TextMeasure.contains(lowered(text), anyOf: consentPhrases)
    }

    /// A short block about newsletters or sign-ups: "ntd newsletter icon", "By registering for the newsletter…".
    static func isSignUp(_ text: String, lower: String, words: Int) -> Bool {
        guard words <= 14 else { return false }
        if TextMeasure.contains(lower, anyOf: ["sign up"]) { return true }
        if let tokens = ASCIITokens.split(lower, keeping: ASCIITokens.isLetter) {
            return tokens.contains { signUpWords.contains($0) }
        }
        return lower.split { !$0.isLetter }.contains { signUpWords.contains(String($0)) }
    }

    private static let signUpWords: Set<String> = [
        "newsletter", "newsletters", "subscribe", "unsubscribe", "signup", "inbox",
    ]

    private static let socialWords: Set<String> = [
        "facebook", "twitter", "x", "linkedin", "whatsapp", "email", "e", "mail", "pinterest", "reddit", "telegram",
        "print", "copy", "link", "share", "tweet", "messenger", "flipboard", "sms", "tumblr", "threads", "bluesky",
        "instagram", "youtube", "tiktok", "save", "comment", "comments", "mastodon", "vk", "line", "viber",
    ]

    /// A block made only of share-button labels: "Facebook Twitter WhatsApp Email".
    static func isShareButtons(_ text: String, lower: String, words: Int) -> Bool {
        guard words <= 12 else { return false }
        if let ascii = asciiShareButtons(lower) { return ascii }
        let tokens = lower.split { !$0.isLetter }
        return !tokens.isEmpty && tokens.allSatisfy { socialWords.contains(String($0)) }
    }

    /// ``isShareButtons(_:lower:words:)`` on bytes for all-ASCII text, where the letters are `a`–`z` (the text is
    /// lower-cased) and every other byte separates; `nil` for other text.
    private static func asciiShareButtons(_ lower: String) -> Bool? {
        var lower = lower
        return lower.withUTF8 { bytes -> Bool? in
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
            var tokens = 0
            var start = 0
            for index in 0...bytes.count {
                if index < bytes.count, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(bytes[index] | 0x20) { continue }
                if index > start {
                    let token = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                    guard socialWords.contains(token) else { return false }
                    tokens += 1
                }
                start = index + 1
            }
            return tokens > 0
        }
    }

    /// "By Frank Fang": the author's name when the block is a byline.
    static func byline(_ text: String, lower: String, words: Int) -> String? {
        guard words <= 10, words >= 2 else { return nil }
        guard lower.hasPrefix("by ") else { return nil }
        let name = text.dropFirst(3).trimmingPrefix { $0 == " " }
        guard let first = name.first, first.isUppercase, !name.hasSuffix(".") || name.count < 40 else { return nil }
        return String(name)
    }

    /// "By admin - 2018-09-16", "By Ana Lima | March 3, 2024": a "By" line that carries the date as well, whatever
    /// case the name is in.
    static func isBylineWithDate(_ text: String, lower: String, words: Int) -> Bool {
        guard (3...10).contains(words), lower.hasPrefix("by "), let last = text.last, !".!?".contains(last) else {
            return false
        }
        let tokens = lower.split { !$0.isLetter && !$0.isNumber }
        let hasYear = tokens.contains { $0.count == 4 && $0.allSatisfy(\.isNumber) && ($0.hasPrefix("19") || $0.hasPrefix("20")) }
        let hasMonth = tokens.contains { monthWords.contains(String($0)) } || lower.contains { $0 == "-" || $0 == "/" }
        return hasYear && hasMonth
    }

    private static let dateWords: Set<String> = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue", "tues", "wed",
        "thu", "thur", "thurs", "fri", "sat", "sun", "am", "pm", "gmt", "utc", "est", "edt", "cst", "cdt", "pst",
        "pdt", "cet", "cest", "bst", "ist", "et", "pt", "updated", "published", "posted", "last", "on", "at", "date",
        "ago", "hour", "hours", "minute", "minutes", "day", "days", "st", "nd", "rd", "th", "of", "a", "m", "p",
        "modified", "first", "created",
    ]

    private static let monthWords: Set<String> = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    ]

    /// Month names in the other languages of Western Europe, for a time stamp ("sexta-feira, 22 de outubro de 2010
    /// às 20:13"); a bare date needs the English words of ``dateWords`` around them as well.
    private static let otherMonthWords: Set<String> = [
        "janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro",
        "novembro", "dezembro", "enero", "febrero", "marzo", "mayo", "junio", "julio", "septiembre", "octubre",
        "noviembre", "diciembre", "janvier", "février", "avril", "juin", "juillet", "août", "septembre", "octobre",
        "novembre", "décembre", "januar", "februar", "märz", "juni", "juli", "oktober", "dezember", "gennaio",
        "febbraio", "aprile", "maggio", "giugno", "luglio", "settembre", "ottobre", "dicembre",
    ]

    /// A block that is only a date or time stamp: "July 7, 2021", "Updated: 12:30 pm ET, Mon July 5, 2021".
    static func isDateOnly(_ text: String, lower: String, words: Int) -> Bool {
        guard words <= 12 else { return false }
        let letterTokens = lower.split { !$0.isLetter }.map(String.init)
        let hasDigits = lower.contains { $0.isNumber }
        guard hasDigits else { return false }
        guard letterTokens.allSatisfy(dateWords.contains) else { return false }
        return letterTokens.contains(where: monthWords.contains) || lower.contains { "/-:.".contains($0) }
    }

    /// A time stamp with a clock time and a date, perhaps with a name: "Published 3:45 PM EST Nov 12, 2019",
    /// "Chris Davies - Nov 12, 2019, 4:05 pm CST". Metadata wherever it stands, unlike a bare date, which a letter
    /// may open with. A sentence (ending with a full stop) is never one.
    static func isTimeStamp(_ text: String, lower: String, words: Int) -> Bool {
        guard words <= 14, let last = text.last, !".!?\"\u{201D}".contains(last) else { return false }
        var hasClockTime = false
        let scalars = Array(lower.utf8)
        for index in scalars.indices.dropFirst().dropLast() where scalars[index] == UInt8(ascii: ":") {
            if (0x30...0x39).contains(scalars[index - 1]), (0x30...0x39).contains(scalars[index + 1]) {
                hasClockTime = true
                break
            }
        }
        guard hasClockTime else { return false }
        let tokens = lower.split { !$0.isLetter }
        return tokens.contains { monthWords.contains(String($0)) || otherMonthWords.contains(String($0)) }
            || tokens.contains { $0 == "am" || $0 == "pm" }
            && tokens.contains { stampWords.contains(String($0)) }
    }

    private static let stampWords: Set<String> = ["published", "updated", "posted", "modified", "last"]

    /// A short label in capitals: "ORGANIZATIONS IN THIS STORY". Scripts without case (Chinese, Japanese) never
    /// are.
    static func isCapitalLabel(_ text: String, words: Int) -> Bool {
        guard words <= 6 else { return false }
        var capitals = 0
        for character in text {
            if character.isLowercase { return false }
            if character.isUppercase { capitals += 1 }
        }
        guard capitals >= 4, let last = text.last else { return false }
        return !".!?\"\u{201D}".contains(last)
    }

    /// A lone word that is not a sentence: an image's alt text, a tag.
    static func isFragment(_ text: String, words: Int) -> Bool {
        guard words == 1, text.count < 25, let last = text.last else { return false }
        return !".!?\"\u{201D}".contains(last)
    }

    /// Lower-cased, with typographic apostrophes made plain.
    ///
    /// Scalar by scalar, as `String.lowercased()` maps them, in one pass into one buffer: ASCII bytes directly and
    /// only the scalars that change looked up, instead of a `String` per scalar and a second pass for apostrophes.
    static func lowered(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            if UTF8Bytes.isASCII(bytes) {
                return UTF8Bytes.mapASCII(bytes, UTF8Bytes.lowercase)
            }
            var result: [UInt8] = []
            result.reserveCapacity(bytes.count)
            UTF8Bytes.forEachScalar(in: bytes) { scalar, encoded in
                if scalar.isASCII {
                    result.append(UTF8Bytes.lowercase(encoded[0]))
                } else if scalar == "\u{2019}" {
                    result.append(UInt8(ascii: "'"))
                } else {
                    UTF8Bytes.appendLowercase(of: scalar, encoded: encoded, to: &result)
                }
            }
            return String(decoding: result, as: UTF8.self)
        }
    }
}

/// Splitting all-ASCII text into tokens on its bytes, where the signals would otherwise split by `Character` and ask
/// each for its Unicode properties.
enum ASCIITokens {
    /// The maximal runs of bytes that `keeping` accepts, or `nil` when the text is not all ASCII or holds a CR
    /// (where a `Character` is not one byte: CR LF is one).
    static func split(_ text: String, keeping: (UInt8) -> Bool) -> [String]? {
        var text = text
        return text.withUTF8 { bytes -> [String]? in
            var tokens: [String] = []
            var start = 0
            for index in 0...bytes.count {
                if index < bytes.count {
                    let byte = bytes[index]
                    if byte >= 0x80 || byte == 0x0D { return nil }
                    if keeping(byte) { continue }
                }
                if index > start {
                    tokens.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
                }
                start = index + 1
            }
            return tokens
        }
    }

    /// `Character.isLetter` for an ASCII byte.
    static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
    }

    /// `Character.isNumber` for an ASCII byte.
    static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
