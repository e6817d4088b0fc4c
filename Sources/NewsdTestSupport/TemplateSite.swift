/// A made-up news site whose pages share one template: a masthead, a newsletter sign-up box set inside the story
/// text, and a standing footer note closing it. The generic extractor keeps the box and the note (their wording and
/// class names carry no furniture signal), so they are what a learned site template must find.
///
/// Pages are generated deterministically from their number: each has its own headline and body (sentences drawn
/// from a word list, long and short paragraphs, the box after a varying paragraph), so bodies differ as real ones do.
public struct TemplateSite: Sendable {
    /// One generated page and what it is made of.
    public struct Page: Sendable {
        public var number: Int
        public var slug: String
        public var title: String
        /// The article's paragraphs, in order: what extraction must keep.
        public var body: [String]
        public var html: String
    }

    public static let siteName = "Riverside Ledger"
    /// The sign-up box's text blocks, the same on every page.
    public static let signUpBlocks = [
        "The Morning Tide",
        "Our editors pick the five stories that matter to the river towns and send them before seven each weekday.",
        "Join forty thousand neighbours who start the day with us.",
        "Count me in",
    ]
    /// The footer note's blocks: the first is the same on every page, the second carries the page's number.
    public static let standingNote =
        "The Riverside Ledger has been owned by its readers since 1921 and answers to no party or proprietor."

    public init() {}

    /// The footer's second block on page `number`: the same words around a changing reference.
    public static func referenceNote(_ number: Int) -> String {
        "Ledger reference RL-\(4000 + number * 7)."
    }

    /// Page `number` (from 0).
    public func page(_ number: Int) -> Page {
        var random = SplitMix(seed: UInt64(number) &+ 0x5EED)
        let title = Self.sentence(words: 6 + Int(random.next() % 4), random: &random, period: false)
        let slug = title.lowercased().split(separator: " ").prefix(5).joined(separator: "-")
        var body: [String] = []
        let paragraphs = 6 + Int(random.next() % 4)
        for index in 0..<paragraphs {
            if index > 1, random.next() % 4 == 0 {
                body.append(Self.sentence(words: 4 + Int(random.next() % 4), random: &random, period: true))
            } else {
                let sentences = 2 + Int(random.next() % 3)
                body.append((0..<sentences).map { _ in
                    Self.sentence(words: 9 + Int(random.next() % 9), random: &random, period: true)
                }.joined(separator: " "))
            }
        }
        let boxAfter = 2 + Int(random.next() % 3)
        var story = ""
        for (index, paragraph) in body.enumerated() {
            story += "      <p>\(paragraph)</p>\n"
            if index == boxAfter {
                story += """
                      <div class="inline-card card-\(number % 3)">
                        <h3 class="card-title">\(Self.signUpBlocks[0])</h3>
                        <p class="card-text">\(Self.signUpBlocks[1])</p>
                        <p class="card-text">\(Self.signUpBlocks[2])</p>
                        <a class="card-button" href="/morning-tide">\(Self.signUpBlocks[3])</a>
                      </div>

                """
            }
        }
        let html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <title>\(title) | \(Self.siteName)</title>
              <meta property="og:site_name" content="\(Self.siteName)">
            </head>
            <body>
              <div class="masthead"><a href="/">\(Self.siteName)</a></div>
              <div class="page-wrap">
                <div class="story" id="story-\(slug)-\(number)">
                  <h1>\(title)</h1>
                  <div class="story-text">
            \(story)
                    <div class="story-end">
                      <p>\(Self.standingNote)</p>
                      <p>\(Self.referenceNote(number))</p>
                    </div>
                  </div>
                </div>
              </div>
            </body>
            </html>
            """
        return Page(number: number, slug: "\(slug)-\(number)", title: title, body: body, html: html)
    }

    private static func sentence(words count: Int, random: inout SplitMix, period: Bool) -> String {
        var words = (0..<count).map { _ in Self.words[Int(random.next() % UInt64(Self.words.count))] }
        words[0] = words[0].prefix(1).uppercased() + words[0].dropFirst()
        return words.joined(separator: " ") + (period ? "." : "")
    }

    private static let words = """
        council river bridge harbour ferry market school teachers parents budget road repairs flood defences mayor \
        residents library hospital nurses weekend traffic trains station plans vote meeting evening houses rents \
        farmers harvest apples orchard weather storm wind coast fishermen boats quay festival music theatre \
        volunteers charity fund shops owners street lights park trees police officers court judge witness report \
        figures year month week morning afternoon night older younger families children students workers union \
        wages contract talks agreement delay cost million pounds estimate engineers survey cracks steel concrete \
        barrier water level rain drought reservoir supply pipes leak crews repair closed opened reopened said \
        told asked warned agreed refused promised expected announced confirmed denied would could might should \
        after before during while since because although across along behind beyond inside outside near under \
        new old local regional national small large early late quiet busy careful public private first last
        """.split(separator: " ").map(String.init)
}

/// SplitMix64: a tiny, fixed pseudo-random sequence, so generated pages are the same on every run.
struct SplitMix {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
