/// An inline diff of two texts over `Tokenizer` tokens: what stayed, what went, what came.
struct TextDiff: Equatable {
    enum Kind: String { case equal, removed, inserted }
    struct Segment: Equatable {
        var kind: Kind
        var text: String
    }

    var segments: [Segment]

    init(from old: String, to new: String) {
        let a = Tokenizer.tokens(old), b = Tokenizer.tokens(new)
        let difference = b.difference(from: a)
        var removed = Set<Int>(), inserted = Set<Int>()
        for change in difference {
            switch change {
            case .remove(let offset, _, _): removed.insert(offset)
            case .insert(let offset, _, _): inserted.insert(offset)
            }
        }
        var segments: [Segment] = []
        func add(_ kind: Kind, _ text: String) {
            if let last = segments.last, last.kind == kind { segments[segments.count - 1].text += text }
            else { segments.append(Segment(kind: kind, text: text)) }
        }
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count, removed.contains(i) { add(.removed, a[i]); i += 1; continue }
            if j < b.count, inserted.contains(j) { add(.inserted, b[j]); j += 1; continue }
            if i < a.count, j < b.count { add(.equal, b[j]) }
            i += 1; j += 1
        }
        self.segments = segments
    }

    /// How many tokens changed: removals and insertions paired up, the larger side counted.
    var changedTokens: Int {
        var count = 0, pendingRemoved = 0, pendingInserted = 0
        func flush() { count += max(pendingRemoved, pendingInserted); pendingRemoved = 0; pendingInserted = 0 }
        for segment in segments {
            let tokens = Tokenizer.tokens(segment.text).count
            switch segment.kind {
            case .equal: flush()
            case .removed: pendingRemoved += tokens
            case .inserted: pendingInserted += tokens
            }
        }
        flush()
        return count
    }

    /// `[-old-]{+new+}` notation for a terminal.
    var marked: String {
        segments.map { segment in
            switch segment.kind {
            case .equal: segment.text
            case .removed: "[-\(segment.text)-]"
            case .inserted: "{+\(segment.text)+}"
            }
        }.joined()
    }
}
