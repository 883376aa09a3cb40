import Foundation

extension Importer.Draft {
    /// A heading of the converted body.
    struct Heading {
        let index: Int
        let level: Int
        let title: String
    }

    /// The body laid out as kbgen reads it: the first top-level heading taken as the title, the
    /// alternative fixes as solution headings of one level, one after another, each with a
    /// likelihood from its place and an effort from its steps, and the headings inside them below
    /// that level.
    mutating func arrange(_ converted: [Docfx.Converted]) {
        var body = converted
        var headings = Self.headings(body.map(\.text))
        if let first = headings.first, first.level == 1 {
            if meta.title == nil { meta.title = first.title }
            body.remove(at: first.index)
            headings = Self.headings(body.map(\.text))
        }
        if meta.title == nil {
            meta.title = Starter.title(id: id)
            warn(1, "no title in the front matter and no heading; the title is made from the file name")
        }
        let alternatives = Set(body.indices.filter { body[$0].alternative })
        let chosen = Self.solutions(headings, alternatives: alternatives)
        if chosen.isEmpty {
            warn(1, "no resolution, method, solution, fix or workaround section; the article has no solutions: mark its fixes by hand")
        }
        let likelihoods = Self.likelihoods(chosen.count)
        // Where the run of solutions ends: the next heading as high as the highest of them.
        let top = chosen.map(\.level).min() ?? 0
        let end = chosen.last.flatMap { last in headings.first { $0.index > last.index && $0.level <= top } }?.index ?? body.count
        var k = 0
        var current: Heading?
        for (i, line) in body.enumerated() {
            if k < chosen.count, chosen[k].index == i {
                let heading = chosen[k]
                let steps = Self.stepCount(body[(i + 1)..<(k + 1 < chosen.count ? chosen[k + 1].index : end)].map(\.text))
                let title = Self.solutionTitle(heading.title)
                var attributes = "likelihood=\(likelihoods[k]) effort=\(Self.effort(steps: steps))m"
                let anchor = line.anchor ?? slug(heading.title)
                if anchor != slug(title) { attributes += " #" + anchor }
                sourceTitles[lines.count] = heading.title
                lines.append("## \(title) {\(attributes)}")
                sourceLines.append(line.line)
                solutions.append((title, steps))
                current = heading
                k += 1
                continue
            }
            if current != nil && i >= end { current = nil }
            var text = line.text
            if let heading = headings.first(where: { $0.index == i }) {
                // Inside a solution, headings go below its level; elsewhere, below the title's.
                let level = current.map { max(3, heading.level - $0.level + 2) } ?? max(2, heading.level)
                text = String(repeating: "#", count: min(6, level)) + " " + heading.title + (line.anchor.map { " {#\($0)}" } ?? "")
            }
            lines.append(text)
            sourceLines.append(line.line)
        }
    }

    /// ATX headings outside fenced code, by line.
    static func headings(_ lines: [String]) -> [Heading] {
        var fence = Fence()
        var found: [Heading] = []
        for (i, line) in lines.enumerated() where !fence.inside(line) {
            let hashes = line.prefix { $0 == "#" }.count
            guard (1...6).contains(hashes), line.dropFirst(hashes).first == " " else { continue }
            var title = line.dropFirst(hashes).trimmingCharacters(in: .whitespaces)
            while title.hasSuffix("#") { title.removeLast() }
            found.append(Heading(index: i, level: hashes, title: title.trimmingCharacters(in: .whitespaces)))
        }
        return found
    }

    /// The headings that are alternative fixes. Numbered ones ("Method 1", "Solution 2", "Fix 3",
    /// "Option 4") at the level most of them are, with any "Resolution" or "Workaround" beside
    /// them; else each "Resolution", "Solution" or "Workaround" section, or, where one holds two or
    /// more sections, those sections.
    static func solutions(_ headings: [Heading], alternatives: Set<Int> = []) -> [Heading] {
        let numbered = headings.filter { isNumbered($0.title) || alternatives.contains($0.index) }
        if !numbered.isEmpty {
            let levels = Dictionary(grouping: numbered, by: \.level)
            let level = levels.max { $0.value.count != $1.value.count ? $0.value.count < $1.value.count : $0.key > $1.key }!.key
            return headings.filter { $0.level == level && (isNumbered($0.title) || isResolution($0.title) || alternatives.contains($0.index)) }
        }
        var chosen: [Heading] = []
        for (n, heading) in headings.enumerated() where isResolution(heading.title) {
            guard chosen.last.map({ heading.level <= $0.level || !isWithin(heading, $0, headings) }) ?? true else { continue }
            let children = headings[(n + 1)...].prefix { $0.level > heading.level }.filter { $0.level == heading.level + 1 }
            // Sections named "Step 1", "Step 2" are one fix in parts, not alternatives.
            if children.count >= 2 && !children.contains(where: { isOther($0.title) || isStep($0.title) }) {
                chosen += children
            } else {
                chosen.append(heading)
            }
        }
        return chosen
    }

    static func isWithin(_ heading: Heading, _ earlier: Heading, _ headings: [Heading]) -> Bool {
        !headings.contains { $0.index > earlier.index && $0.index < heading.index && $0.level <= earlier.level }
    }

    static func isNumbered(_ title: String) -> Bool {
        let words = title.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        guard words.count >= 2, ["method", "solution", "fix", "option", "resolution", "workaround"].contains(String(words[0])) else { return false }
        return Int(words[1]) != nil
    }

    static func isStep(_ title: String) -> Bool {
        title.lowercased().hasPrefix("step ") || title.lowercased().hasPrefix("part ")
    }

    static func isResolution(_ title: String) -> Bool {
        let first = title.lowercased().split(whereSeparator: { !$0.isLetter }).first.map(String.init) ?? ""
        return ["resolution", "resolutions", "solution", "solutions", "workaround", "workarounds", "fix", "fixes"].contains(first)
    }

    /// Sections of a fix article that are never a fix.
    static func isOther(_ title: String) -> Bool {
        let first = title.lowercased().split(whereSeparator: { !$0.isLetter }).first.map(String.init) ?? ""
        return ["cause", "symptoms", "symptom", "summary", "prerequisites", "references", "status", "more", "next", "see"].contains(first)
    }

    /// "Method 1: Reset the port" as "Reset the port"; a heading with nothing after its number or
    /// its word ("Resolution") stays as it is.
    static func solutionTitle(_ title: String) -> String {
        // The word and its number, then a separator: "Fix corruptions in CBS.log" stays a title.
        let words = title.split(separator: " ").map(String.init)
        for count in [2, 1] where words.count > count {
            var head = words[..<count].joined(separator: " "), rest = words[count...]
            if let last = head.last, ":.–—-".contains(last) {
                head.removeLast()
            } else if let first = rest.first, ["-", "–", "—", ":"].contains(first) {
                rest = rest.dropFirst()
            } else {
                continue
            }
            guard count == 2 ? isNumbered(head) : isResolution(head), !rest.isEmpty else { continue }
            return rest.joined(separator: " ")
        }
        return title
    }

    /// Likelihoods by place, the first the highest, summing to one (a lone solution: 0.7).
    static func likelihoods(_ n: Int) -> [String] {
        guard n > 1 else { return n == 1 ? ["0.7"] : [] }
        let total = Double(n * (n + 1) / 2)
        return (0..<n).map { String(format: "%.2f", Double(n - $0) / total) }
    }

    /// Minutes: three a step, at least five, in fives.
    static func effort(steps: Int) -> Int {
        max(5, (steps * 3 + 4) / 5 * 5)
    }

    /// The numbered-list items that start at the left margin, outside fenced code.
    static func stepCount(_ lines: [String]) -> Int {
        var fence = Fence()
        return lines.filter { line in
            guard !fence.inside(line) else { return false }
            let digits = line.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, digits.count <= 9 else { return false }
            let rest = line.dropFirst(digits.count)
            return ["." , ")"].contains(rest.first.map(String.init) ?? "") && (rest.count == 1 || rest.dropFirst().first == " " || rest.dropFirst().first == "\t")
        }.count
    }
}
