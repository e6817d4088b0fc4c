/// The namespace URIs the feed readers recognise.
enum Namespace {
    static let atom10 = "http://www.w3.org/2005/Atom"
    static let atom03 = "http://purl.org/atom/ns#"
    static let rss10 = "http://purl.org/rss/1.0/"
    static let rss090 = "http://my.netscape.com/rdf/simple/0.9/"
    static let rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    static let dublinCore = "http://purl.org/dc/elements/1.1/"
    static let dublinCoreTerms = "http://purl.org/dc/terms/"
    static let content = "http://purl.org/rss/1.0/modules/content/"
    static let xml = "http://www.w3.org/XML/1998/namespace"
    static let xhtml = "http://www.w3.org/1999/xhtml"
    static let media = "http://search.yahoo.com/mrss/"

    /// The prefix feedparser keys each known namespace's elements with; the core RSS and Atom namespaces have none.
    static let prefixes: [String: String] = [
        atom10: "", atom03: "", rss10: "", rss090: "", "http://backend.userland.com/rss": "",
        "http://backend.userland.com/rss2": "", "http://purl.org/net/rss1.1#": "",
        dublinCore: "dc", dublinCoreTerms: "dcterms", content: "content", xhtml: "xhtml", rdf: "rdf",
        media: "media", "http://search.yahoo.com/mrss": "media",
        "http://webns.net/mvcb/": "admin", "http://web.resource.org/cc/": "cc",
        "http://backend.userland.com/creativeCommonsRssModule": "creativecommons",
        "http://cyber.law.harvard.edu/rss/creativeCommonsRssModule.html": "creativecommons",
        "http://wellformedweb.org/CommentAPI/": "wfw", "http://purl.org/rss/1.0/modules/slash/": "slash",
        "http://purl.org/rss/1.0/modules/syndication/": "sy", "http://www.itunes.com/dtds/podcast-1.0.dtd": "itunes",
        "http://rssnamespace.org/feedburner/ext/1.0": "feedburner", "http://madskills.com/public/xml/rss/module/trackback/": "trackback",
        "http://purl.org/rss/1.0/modules/threading/": "thr", "http://www.w3.org/2005/Atom/": "",
    ]
}
