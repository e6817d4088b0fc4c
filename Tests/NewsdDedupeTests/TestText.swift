/// Deterministic article text for the dedupe tests: paragraphs of distinct, sentence-like word runs, so that two
/// paragraphs share shingles only when a test makes them.
enum TestText {
    private static let vocabulary = """
        council harbor bridge river police minister market storm school budget vote court report officials said \
        tuesday morning city county state workers union health hospital water power energy prices families \
        children teachers election campaign governor mayor plan project road traffic rail airport flight company \
        shares profits investors bank rates inflation jobs factory farmers harvest weather flood fire crews \
        residents neighbors community library museum festival season players coach team league match final goal
        """.split(separator: " ").map(String.init)

    /// Paragraph `number` of the story `seed`: about 40 words.
    static func paragraph(_ seed: Int, _ number: Int, words: Int = 40) -> String {
        var state = UInt64(truncatingIfNeeded: seed &* 1_000_003 &+ number &* 7_919 &+ 17)
        var result: [String] = []
        for index in 0..<words {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            var word = vocabulary[Int(state >> 33) % vocabulary.count]
            if index == 0 { word = word.prefix(1).uppercased() + word.dropFirst() }
            result.append(word)
        }
        return result.joined(separator: " ") + "."
    }

    /// A story of `count` paragraphs.
    static func story(_ seed: Int, paragraphs count: Int) -> [String] {
        (0..<count).map { paragraph(seed, $0) }
    }
}
