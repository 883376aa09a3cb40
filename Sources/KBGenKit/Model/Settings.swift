/// Site settings from kbgen.yml; every key is optional.
public struct Settings: Sendable, Equatable {
    public enum Order: String, Sendable { case likelihood, expectedCost = "expected-cost" }

    public var title: String = "Fix guides"
    public var baseURL: String?
    public var language: String = "en"
    public var dedupeThreshold: Double = 0.8
    /// The words that mean the same in steps: the standard list and `dedupe.words`.
    public var stepVocabulary: StepVocabulary = .standard
    /// Wordings declared one step (`dedupe.same`) or never one step (`dedupe.never_same`).
    public var sameSteps: [[Located<String>]] = []
    public var neverSameSteps: [[Located<String>]] = []
    /// Synonym groups added to the search's standard ones (`search.synonyms`).
    public var searchSynonyms: [[String]] = []
    public var order: Order = .likelihood
    /// The CSV file of reader outcomes, relative to the working folder, and where kbgen.yml names it.
    public var feedback: Located<String>?
    /// "Did this fix it?" links under each solution, and searches that found nothing sent to the
    /// site's own server for its log (`reader_feedback`).
    public var readerFeedback = true

    public init() {}
}
