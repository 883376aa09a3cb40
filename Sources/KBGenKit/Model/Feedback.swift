/// One row of the feedback file: what readers reported for one solution.
public struct FeedbackRow: Sendable, Equatable {
    public var article: String
    public var solution: String
    public var worked: Int
    public var failed: Int
    public var line: Int
}

/// The reader outcomes of a site, as read from the CSV file that `feedback:` names.
public struct Feedback: Sendable, Equatable {
    /// As diagnostics show it.
    public var file: String
    public var rows: [FeedbackRow]

    public init(file: String, rows: [FeedbackRow]) {
        self.file = file
        self.rows = rows
    }
}
