/// A value as written, with where it was written, for diagnostics.
public struct Located<Value: Sendable & Equatable>: Sendable, Equatable {
    public var value: Value
    public var position: SourcePosition

    public init(_ value: Value, at position: SourcePosition) {
        self.value = value
        self.position = position
    }
}

/// The front matter of an article, with texts exactly as written.
public struct FrontMatter: Sendable, Equatable {
    public var title: String = ""
    public var summary: String?
    public var errorCodes: [String] = []
    public var products: [String] = []
    public var tags: [String] = []
    /// YYYY-MM-DD.
    public var updated: String?
    public var related: [Located<String>] = []
    public var draft: Bool = false

    public init() {}
}

/// One fix article: its front matter and its body cut into the part before the solutions,
/// the solutions, and the part after them.
public struct Article: Sendable, Equatable {
    /// Path under Content/ without `.md`: `rdp/error-0x904`.
    public var id: String
    /// The source file as diagnostics show it.
    public var file: String
    public var meta: FrontMatter
    /// The front matter's summary, else the first paragraph's text.
    public var summary: String
    public var leading: [Block]
    /// In shown order once the ranker has run; `sourceIndex` keeps the written order.
    public var solutions: [Solution]
    public var trailing: [Block]
    /// Every id a link may point at with `#anchor`.
    public var anchors: Set<String>

    /// The page's path from the site root.
    public var pagePath: String { id + ".html" }
    /// The folder part of the id (`rdp`), empty at the top.
    public var folder: String { folderPart(id) }
}

/// A heading with a likelihood and the section under it.
/// How many readers said a solution worked, and how many said it did not.
public struct Outcomes: Sendable, Equatable {
    public var worked: Int
    public var failed: Int

    public init(worked: Int, failed: Int) {
        self.worked = worked
        self.failed = failed
    }

    public var readers: Int { worked + failed }
}

public struct Solution: Sendable, Equatable {
    public var title: [Inline]
    public var anchor: String
    /// 0...1, the figure the order uses: the written likelihood, updated by reader outcomes.
    public var likelihood: Double
    /// 0...1, as the writer declared it.
    public var writtenLikelihood: Double
    /// As written in the attribute block (`high`, `35%`, `0.25`).
    public var likelihoodText: String
    /// What readers reported, when the site has a feedback file.
    public var outcomes: Outcomes?
    public var effortMinutes: Double?
    public var effortText: String?
    public var position: SourcePosition
    /// Position among the article's solutions as written, from 0.
    public var sourceIndex: Int
    /// Position as shown, from 1.
    public var rank: Int
    public var content: [SolutionPart]

    public var steps: [Step] {
        content.flatMap { part -> [Step] in
            if case .steps(let list) = part { return list.items }
            return []
        }
    }
}

/// A solution's section: ordinary blocks, and ordered lists whose items are its steps.
public enum SolutionPart: Sendable, Equatable {
    case block(Block)
    case steps(StepList)
}

public struct StepList: Sendable, Equatable {
    public var start: Int
    public var items: [Step]
}

public struct Step: Sendable, Equatable {
    /// The list item as written.
    public var blocks: [Block]
    public var position: SourcePosition
    /// The last line of the item, so tools can rewrite it in the source.
    public var endLine: Int
    /// The reusable step a `[](step:ID)` item names.
    public var reference: Located<String>?
    /// The shared or reusable step this step is, shown as `data-step`.
    public var stepID: String?
}

/// The folder part of an id or a path from the site root (`rdp` of `rdp/error-0x904.html`), empty
/// at the top. Found on the bytes: a search by characters showed in the pages' making.
public func folderPart(_ path: String) -> String {
    guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
    return String(path[..<slash])
}

/// The page of a step file or shared step, from the site root.
public func stepPagePath(_ id: String) -> String { "steps/" + id + ".html" }

/// A step written once in Content/steps/ and used by `step:` links.
public struct ReusableStep: Sendable, Equatable {
    public var id: String
    public var file: String
    public var title: String
    public var blocks: [Block]

    public var pagePath: String { stepPagePath(id) }
}

/// A file copied to the site as it is: an image under Content/, a stylesheet under Templates/.
public struct Asset: Sendable, Equatable {
    public var source: String
    /// Path from the site root.
    public var path: String
    /// Size and modification time: a change to either means the file is copied again.
    public var stamp: String
    /// The file as messages name it (`Content/img/a.png`).
    public var file: String
    /// The file itself, for a file of the built-in theme, which has no place on disk.
    public var bytes: [UInt8]?

    public init(source: String, path: String, stamp: String = "", file: String = "") {
        self.source = source
        self.path = path
        self.stamp = stamp
        self.file = file.isEmpty ? source : file
    }

    /// A file of the built-in theme, stamped by its bytes.
    public init(builtIn path: String, bytes: [UInt8]) {
        self.init(source: BuiltInTheme.folder + "/" + path, path: path, stamp: "built-in " + Fingerprint.of(bytes: bytes),
                  file: BuiltInTheme.folder + "/" + path)
        self.bytes = bytes
    }
}
