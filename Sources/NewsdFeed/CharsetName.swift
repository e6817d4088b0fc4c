/// Charset labels as feeds write them, turned into names iconv (and so libxml2) knows.
///
/// Feeds copy labels from Python and Windows tools: `windows_1252`, `437`, `cp_is`, `macroman`. The table maps the
/// aliases Python's codec registry accepts onto iconv's names; labels iconv already knows pass through.
enum CharsetName {
    private static let aliases: [String: String] = [
        "cp_is": "cp861", "csibm861": "cp861", "ibm039": "ibm037", "ibm037": "ibm037", "cp037": "ibm037",
        "maccentraleurope": "mac-centraleurope", "maclatin2": "mac-centraleurope", "mac_latin2": "mac-centraleurope",
        "macroman": "macintosh", "mac_roman": "macintosh", "maciceland": "mac-is", "mac_iceland": "mac-is",
        "maccyrillic": "mac-cyrillic", "mac_cyrillic": "mac-cyrillic", "gb2312": "gb18030", "gbk": "gb18030",
        "x-sjis": "shift_jis", "sjis": "shift_jis", "euc_jp": "euc-jp", "euc_kr": "euc-kr", "utf8": "utf-8",
        "latin1": "iso-8859-1", "latin_1": "iso-8859-1", "l1": "iso-8859-1", "koi8_r": "koi8-r", "koi8_u": "koi8-u",
        "tis_620": "tis-620", "big5hkscs": "big5-hkscs", "big5_hkscs": "big5-hkscs",
    ]

    /// The iconv name for `label` (lower-cased): an alias resolved, `_` read as `-`, a bare number as an IBM code
    /// page; the label itself when none of those is known either.
    static func normalized(_ label: String) -> String {
        // Servers quote the parameter both ways: `charset="utf-8"`, `charset='us-ascii'`.
        var lowered = label.trimmingSpaces.lowercased()
        while let first = lowered.first, first == "\"" || first == "'" { lowered.removeFirst() }
        while let last = lowered.last, last == "\"" || last == "'" { lowered.removeLast() }
        if ["utf-8", "us-ascii", "iso-8859-1", "windows-1252"].contains(lowered) { return lowered }
        if let alias = aliases[lowered] { return alias }
        // XML encoding names start with a letter: `437` must reach libxml2 as `cp437`.
        if lowered.allSatisfy(\.isNumber), CharsetTranscoder.isKnown("cp" + lowered) { return "cp" + lowered }
        if CharsetTranscoder.isKnown(lowered) { return lowered }
        let dashed = lowered.replacingUnderscores
        if let alias = aliases[dashed] { return alias }
        if CharsetTranscoder.isKnown(dashed) { return dashed }
        return lowered
    }
}

extension String {
    fileprivate var replacingUnderscores: String {
        String(map { $0 == "_" ? "-" : $0 })
    }
}
