/// An inline diff of two texts over `Tokenizer` tokens: what stayed, what went, what came.
public struct TextDiff: Equatable, Sendable {
    enum Kind: String { case equal, removed, inserted }
    struct Segment: Equatable {
        var kind: Kind
        var text: String
    }

    var segments: [Segment]

    public init(from old: String, to new: String) {
        let a = Tokenizer.tokens(old), b = Tokenizer.tokens(new)
        var alignment = Alignment(a, b)
        alignment.align(0..<a.count, 0..<b.count, depth: 0)
        let removed = alignment.removed, inserted = alignment.inserted
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
    public var marked: String {
        segments.map { segment in
            switch segment.kind {
            case .equal: segment.text
            case .removed: "[-\(segment.text)-]"
            case .inserted: "{+\(segment.text)+}"
            }
        }.joined()
    }
}

/// Which tokens of `a` were removed and which of `b` inserted, found in near-linear time.
///
/// Swift's `difference(from:)` is Myers' algorithm, O((N+M)·D): on a long paragraph whose every
/// sentence changed (D close to N+M) it is quadratic — a 1 MB paragraph took minutes to check. So
/// it only runs on small stretches. The common head and tail are matched first; a longer stretch is
/// cut at anchors, the tokens that occur exactly once on each side, taken in the longest run that
/// keeps their order (patience diff); the stretches between anchors are aligned the same way. A
/// long stretch without any anchor is counted as replaced whole: a correct diff, not a minimal one.
struct Alignment {
    let a: [String], b: [String]
    var removed = Set<Int>(), inserted = Set<Int>()

    /// Stretches up to this many tokens (both sides together) go to Myers: at most this squared steps.
    static let myersLimit = 1_024
    /// Nesting of anchored stretches inside anchored stretches, bounded like every recursion.
    static let maximumDepth = 48

    init(_ a: [String], _ b: [String]) {
        self.a = a
        self.b = b
    }

    mutating func align(_ x: Range<Int>, _ y: Range<Int>, depth: Int) {
        var x = x, y = y
        while !x.isEmpty, !y.isEmpty, a[x.lowerBound] == b[y.lowerBound] { x = (x.lowerBound + 1)..<x.upperBound; y = (y.lowerBound + 1)..<y.upperBound }
        while !x.isEmpty, !y.isEmpty, a[x.upperBound - 1] == b[y.upperBound - 1] { x = x.lowerBound..<(x.upperBound - 1); y = y.lowerBound..<(y.upperBound - 1) }
        if x.isEmpty || y.isEmpty {
            removed.formUnion(x)
            inserted.formUnion(y)
        } else if x.count + y.count <= Self.myersLimit {
            for change in b[y].difference(from: a[x]) {
                switch change {
                case .remove(let offset, _, _): removed.insert(x.lowerBound + offset)
                case .insert(let offset, _, _): inserted.insert(y.lowerBound + offset)
                }
            }
        } else if depth < Self.maximumDepth, case let anchors = self.anchors(x, y), !anchors.isEmpty {
            var i = x.lowerBound, j = y.lowerBound
            for (anchorA, anchorB) in anchors {
                align(i..<anchorA, j..<anchorB, depth: depth + 1)
                i = anchorA + 1
                j = anchorB + 1
            }
            align(i..<x.upperBound, j..<y.upperBound, depth: depth + 1)
        } else {
            removed.formUnion(x)
            inserted.formUnion(y)
        }
    }

    /// Tokens that occur once in `a[x]` and once in `b[y]`, as (index in a, index in b), the
    /// longest subsequence increasing on both sides (patience sorting, O(n log n)).
    func anchors(_ x: Range<Int>, _ y: Range<Int>) -> [(Int, Int)] {
        var inA: [String: Int] = [:], inB: [String: Int] = [:]
        for i in x { inA[a[i]] = inA[a[i]] == nil ? i : -1 }
        for j in y { inB[b[j]] = inB[b[j]] == nil ? j : -1 }
        var pairs: [(Int, Int)] = []
        for i in x {
            if let first = inA[a[i]], first == i, let j = inB[a[i]], j >= 0 { pairs.append((i, j)) }
        }
        // Longest increasing subsequence of the b-indices, in a-order.
        var tails: [Int] = []            // index into pairs of the smallest tail of each length
        var previous = [Int](repeating: -1, count: pairs.count)
        for (k, pair) in pairs.enumerated() {
            var low = 0, high = tails.count
            while low < high {
                let middle = (low + high) / 2
                if pairs[tails[middle]].1 < pair.1 { low = middle + 1 } else { high = middle }
            }
            if low > 0 { previous[k] = tails[low - 1] }
            if low == tails.count { tails.append(k) } else { tails[low] = k }
        }
        var result: [(Int, Int)] = []
        var k = tails.last ?? -1
        while k >= 0 {
            result.append(pairs[k])
            k = previous[k]
        }
        return result.reversed()
    }
}
