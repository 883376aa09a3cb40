import Foundation
import Testing
@testable import KBGenKit

@Suite struct JSONTests {
    func parsed(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    }

    @Test func stringsAreEscapedForJSONAndForPages() throws {
        let text = "quote \" backslash \\ tab \t line \n cr \r bell \u{7} <script> & \u{2028}\u{2029} é 漢字 🙂"
        let json = JSON.quoted(text)
        #expect(try parsed(json) as? String == text)
        #expect(!json.contains("<") && !json.contains(">") && !json.contains("&"))
        #expect(json.contains("\\u0007") && json.contains("\\u2028") && json.contains("\\u2029"))
        #expect(json.contains("é 漢字 🙂"), "other text is written as it is")
    }

    @Test func objectsHaveSortedKeysAndNumbersTheirShortestForm() throws {
        let value = JSON.object(["b": .number(5), "a": .number(0.71), "c": .array([.bool(true), .null, .int(-3)])])
        #expect(value.text == "{\"a\":0.71,\"b\":5,\"c\":[true,null,-3]}")
        let back = try parsed(value.text) as? [String: Any]
        #expect(back?["a"] as? Double == 0.71)
    }
}
