/// A step that several places write, found by the step finder: one wording, one page.
public struct SharedStep: Sendable, Equatable {
    public var id: String
    /// The wording every use shows: the most common variant.
    public var blocks: [Block]
    /// Where that wording was written, for its links and for messages.
    public var file: String
    public var folder: String
    public var position: SourcePosition

    public var title: String { blocks.plainText }
    public var pagePath: String { stepPagePath(id) }
}

/// One group of repeated steps, as `kbgen check` lists it for writers.
public struct RepeatedStepGroup: Sendable, Equatable {
    public struct Occurrence: Sendable, Equatable {
        public var articleID: String
        public var file: String
        public var position: SourcePosition
        public var endLine: Int
        public var text: String
        /// Already written as `[](step:ID)`.
        public var isReference: Bool
        /// Notes follow the instruction; rewriting the item keeps them.
        public var hasNotes: Bool
    }

    /// The shared step's id, or for a step file its id.
    public var id: String
    public var wording: String
    /// The wording as Markdown, for a new step file.
    public var markdown: String
    /// The group is a step file of Content/steps/.
    public var isStepFile: Bool
    public var occurrences: [Occurrence]
}
