/// Site settings from kbgen.yml; every key is optional.
public struct Settings: Sendable, Equatable {
    public enum Order: String, Sendable { case likelihood, expectedCost = "expected-cost" }

    public var title: String = "Fix guides"
    public var baseURL: String?
    public var language: String = "en"
    public var dedupeThreshold: Double = 0.8
    public var order: Order = .likelihood
    public var feedback: String?

    public init() {}
}
