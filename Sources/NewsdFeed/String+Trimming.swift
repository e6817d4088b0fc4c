extension String {
    /// The string without leading and trailing whitespace and newlines.
    var trimmingSpaces: String {
        guard let first = firstIndex(where: { !$0.isWhitespace }),
              let last = lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(self[first...last])
    }

    /// The string, or `nil` when it is empty.
    var nonEmpty: String? {
        isEmpty ? nil : self
    }
}
