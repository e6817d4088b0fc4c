import NewsdExtract
import Testing

/// Keys for synthetic blocks: a text and a path, each named by a number.
private func key(_ text: UInt64, path: UInt64 = 1) -> TemplateBlockKey {
    TemplateBlockKey(text: text, path: path)
}

/// A page carrying the shared blocks `shared` and body blocks unique to page `number`.
private func page(_ number: UInt64, shared: [TemplateBlockKey], bodyPath: UInt64 = 7) -> PageSample {
    let body = (0..<5).map { key(1_000_000 + number * 100 + $0, path: bodyPath) }
    return PageSample(page: number, blocks: body + shared)
}

@Suite("Site template learning")
struct SiteTemplateTests {
    let furniture = key(42, path: 3)

    @Test("a text on at least the share of recent pages is furniture, and the reason counts the pages")
    func recurringTextIsFurniture() {
        var template = SiteTemplate(settings: SiteTemplateSettings(window: 10, minimumPages: 8, sharePercent: 50))
        for number in 0..<10 {
            template.learn(page(UInt64(number), shared: number < 5 ? [furniture] : []))
        }
        #expect(template.verdict(for: furniture, isMinor: false)
            == "site template: text recurs on 5 of 10 recent pages")
    }

    @Test("a text below the share of recent pages is kept")
    func rareTextIsKept() {
        var template = SiteTemplate(settings: SiteTemplateSettings(window: 10, minimumPages: 8, sharePercent: 50))
        for number in 0..<10 {
            template.learn(page(UInt64(number), shared: number < 4 ? [furniture] : []))
        }
        #expect(template.verdict(for: furniture, isMinor: true) == nil)
    }

    @Test("nothing is dropped before the minimum number of pages")
    func waitsForMinimumPages() {
        var template = SiteTemplate(settings: SiteTemplateSettings(window: 20, minimumPages: 8))
        for number in 0..<7 {
            template.learn(page(UInt64(number), shared: [furniture]))
        }
        #expect(!template.isActive)
        #expect(template.verdict(for: furniture, isMinor: true) == nil)
        template.learn(page(7, shared: [furniture]))
        #expect(template.verdict(for: furniture, isMinor: true) != nil)
    }

    @Test("a single page never teaches anything, whatever the settings say")
    func neverFromOnePage() {
        var template = SiteTemplate(settings: SiteTemplateSettings(window: 8, minimumPages: 1, sharePercent: 10))
        template.learn(page(0, shared: [furniture]))
        #expect(template.verdict(for: furniture, isMinor: true) == nil)
        #expect(template.recurrenceThreshold == 2)
    }

    @Test("the same page learned again replaces its earlier sample instead of counting twice")
    func samePageCountsOnce() {
        var template = SiteTemplate(settings: SiteTemplateSettings(window: 8, minimumPages: 2))
        for _ in 0..<5 {
            template.learn(page(9, shared: [furniture]))
        }
        #expect(template.pages.count == 1)
        #expect(template.verdict(for: furniture, isMinor: true) == nil)
    }

    @Test("old pages age out of the window, so a redesign is relearned")
    func redesignIsRelearned() {
        var template = SiteTemplate(settings: SiteTemplateSettings(window: 10, minimumPages: 8))
        let newFurniture = key(43, path: 4)
        for number in 0..<10 {
            template.learn(page(UInt64(number), shared: [furniture]))
        }
        #expect(template.verdict(for: furniture, isMinor: false) != nil)
        for number in 10..<16 {
            template.learn(page(UInt64(number), shared: [newFurniture]))
        }
        #expect(template.pages.count == 10)
        #expect(template.verdict(for: furniture, isMinor: false) == nil)
        #expect(template.verdict(for: newFurniture, isMinor: false)
            == "site template: text recurs on 6 of 10 recent pages")
    }

    @Test("a page keeps at most the cap of blocks: its first and last, where furniture sits")
    func blocksPerPageAreCapped() {
        let cap = SiteTemplateSettings.maximumBlocksPerPage
        let blocks = (0..<UInt64(cap * 3)).map { key($0) }
        let sample = PageSample(page: 1, blocks: blocks)
        #expect(sample.blocks.count == cap)
        #expect(sample.blocks.first == blocks.first)
        #expect(sample.blocks.last == blocks.last)
    }

    @Test("a recurring place whose text mostly repeats drops a short variant there")
    func recurringPlaceDropsMinorVariant() {
        var template = SiteTemplate(settings: SiteTemplateSettings(window: 10, minimumPages: 8))
        for number in 0..<10 {
            // The standing note (text 42) and a changing reference share one place, path 3.
            template.learn(page(UInt64(number), shared: [furniture, key(500 + UInt64(number), path: 3)]))
        }
        let variant = key(999, path: 3)
        #expect(template.verdict(for: variant, isMinor: true)
            == "site template: place recurs on 10 of 10 recent pages, 50% of its text repeats")
        #expect(template.verdict(for: variant, isMinor: false) == nil)
    }

    @Test("the body's place recurs on every page but its texts differ, so a short body paragraph is kept")
    func bodyPlaceDropsNothing() {
        var template = SiteTemplate(settings: SiteTemplateSettings(window: 10, minimumPages: 8))
        let signOff = key(77, path: 7)
        for number in 0..<10 {
            // Even a sign-off line repeated in the body does not make the body's place furniture.
            template.learn(page(UInt64(number), shared: [signOff]))
        }
        #expect(template.verdict(for: key(123_456, path: 7), isMinor: true) == nil)
    }

    @Test("a stored template reads back the same, under the configuration's settings")
    func codingRoundTrip() throws {
        var template = SiteTemplate(settings: SiteTemplateSettings(window: 12))
        for number in 0..<12 {
            template.learn(page(UInt64(number), shared: [furniture]))
        }
        let decoded = try SiteTemplate(decoding: template.encoded(), settings: template.settings)
        #expect(decoded == template)
        let smaller = try SiteTemplate(decoding: template.encoded(), settings: SiteTemplateSettings(window: 8))
        #expect(smaller.pages == Array(template.pages.suffix(8)))
    }

    @Test("damaged bytes are refused with what is wrong, not misread")
    func damagedBytesAreRefused() {
        var template = SiteTemplate(settings: SiteTemplateSettings())
        template.learn(page(1, shared: [furniture]))
        let bytes = template.encoded()
        let cut = #expect(throws: SiteTemplateCodingError.self) {
            try SiteTemplate(decoding: Array(bytes.dropLast(3)), settings: SiteTemplateSettings())
        }
        #expect(cut?.description.contains("cut short") == true)
        #expect(throws: SiteTemplateCodingError.self) {
            try SiteTemplate(decoding: Array("not a template".utf8), settings: SiteTemplateSettings())
        }
    }
}
