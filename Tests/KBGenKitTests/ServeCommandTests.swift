import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization
import Testing

/// `kbgen serve` end to end: the built executable on a free port, asked over HTTP as a browser asks.
@Suite struct ServeCommandTests {
    /// A text that one thread writes and another reads.
    final class Shared: Sendable {
        private let value = Mutex("")
        var text: String { value.withLock { $0 } }
        func append(_ more: String) { value.withLock { $0 += more } }
    }

    /// A running `kbgen serve` and what it printed so far.
    final class Server: @unchecked Sendable {
        let process: Process
        let printed = Shared()
        let port: Int

        init(in folder: URL, arguments: [String] = []) throws {
            process = Process()
            process.executableURL = CommandLineTests.executable
            process.arguments = ["serve", "--port", "0"] + arguments
            process.currentDirectoryURL = folder
            let err = Pipe()
            process.standardError = err
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            let printed = self.printed
            Thread {
                while true {
                    let data = err.fileHandleForReading.availableData
                    if data.isEmpty { break }
                    printed.append(String(decoding: data, as: UTF8.self))
                }
            }.start()
            let marker = "serving a preview at http://"
            var port = 0
            for _ in 0..<200 {
                let text = printed.text
                if let range = text.range(of: marker), let colon = text[range.upperBound...].firstIndex(of: ":") {
                    port = Int(text[text.index(after: colon)...].prefix { $0.isNumber }) ?? 0
                    break
                }
                usleep(50_000)
            }
            self.port = port
        }

        /// Stops it as Ctrl-C does; the exit status, or nil when it had not ended within a second.
        func interrupt() -> Int32? {
            kill(process.processIdentifier, SIGINT)
            for _ in 0..<20 where process.isRunning { usleep(50_000) }
            if process.isRunning { process.terminate(); return nil }
            return process.terminationStatus
        }
    }

    struct Answer {
        var status: Int
        var type: String
        var body: String
    }

    static func fetch(_ url: String, method: String = "GET") -> Answer {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        request.timeoutInterval = 30
        final class Box: @unchecked Sendable { var answer = Answer(status: 0, type: "", body: "") }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let task = URLSession.shared.dataTask(with: request) { data, response, _ in
            let http = response as? HTTPURLResponse
            box.answer = Answer(status: http?.statusCode ?? 0, type: http?.value(forHTTPHeaderField: "Content-Type") ?? "",
                                body: String(decoding: data ?? Data(), as: UTF8.self))
            done.signal()
        }
        task.resume()
        done.wait()
        return box.answer
    }

    /// Fetches until the answer passes the test, for a few seconds: a rebuild follows a save
    /// after the watcher's next look and a short wait for the writing to settle.
    static func eventually(_ url: String, _ test: (Answer) -> Bool) -> Answer {
        var answer = fetch(url)
        for _ in 0..<100 where !test(answer) {
            usleep(100_000)
            answer = fetch(url)
        }
        return answer
    }

    static func knowledgeBase() throws -> URL {
        let root = Fixture.temporaryFolder()
        let made = try CommandLineTests().kbgen(["init"], in: root)
        #expect(made.status == 0)
        return root
    }

    @Test func servesRebuildsReloadsShowsErrorsAndStops() throws {
        let root = try Self.knowledgeBase()
        let server = try Server(in: root)
        #expect(server.port > 0, "\(server.printed.text)")
        let base = "http://127.0.0.1:\(server.port)"

        let home = Self.fetch(base + "/")
        #expect(home.status == 200)
        #expect(home.type == "text/html; charset=utf-8")
        #expect(home.body.contains("<script src=\"/_kbgen/reload.js\" defer></script>\n</head>"))
        #expect(Self.fetch(base + "/assets/kbgen.css").type == "text/css; charset=utf-8")
        let missing = Self.fetch(base + "/no/such/page.html")
        #expect(missing.status == 404)
        #expect(missing.body.contains("Page not found"))
        #expect(missing.body.contains("<head>\n<base href=\"/\">"), "its styles load from any depth")
        #expect(Self.fetch(base + "/printing/printer-offline.html", method: "HEAD").status == 200)
        #expect(Self.fetch(base + "/", method: "POST").status == 405)
        #expect(Self.fetch(base + "/%2e%2e/%2e%2e/etc/passwd").status == 403)
        #expect(Self.fetch(base + "/_kbgen/wait?since=-1").body == "1")

        // A page waiting for the next build hears of it once the edit is built.
        let reloaded = Shared()
        let waiting = Thread { reloaded.append(Self.fetch(base + "/_kbgen/wait?since=1").body) }
        waiting.start()
        let article = root.appendingPathComponent("Content/printing/printer-offline.md")
        let text = try String(contentsOf: article, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "Documents wait in the queue", with: "Documents pile up in the queue").utf8).write(to: article)
        let edited = Self.eventually(base + "/printing/printer-offline.html") { $0.body.contains("Documents pile up") }
        #expect(edited.body.contains("Documents pile up"))
        for _ in 0..<50 where reloaded.text.isEmpty { usleep(100_000) }
        #expect(reloaded.text == "2")

        // A build with errors keeps the last good site and shows them on every page.
        try Data(text.replacingOccurrences(of: "likelihood=high", with: "likelihood=very-high").utf8).write(to: article)
        let broken = Self.eventually(base + "/index.html") { $0.body.contains("kbgen-errors") }
        #expect(broken.body.contains("<section id=\"kbgen-errors\" role=\"alert\""))
        #expect(broken.body.contains("Content/printing/printer-offline.md:13:1: error: likelihood &#39;very-high&#39; is not valid"))
        #expect(Self.fetch(base + "/printing/printer-offline.html").body.contains("Documents pile up"))
        #expect(server.printed.text.contains("Content/printing/printer-offline.md:13:1: error: likelihood 'very-high' is not valid"))

        try Data(text.utf8).write(to: article)
        let fixed = Self.eventually(base + "/printing/printer-offline.html") { !$0.body.contains("kbgen-errors") && $0.body.contains("Documents wait") }
        #expect(!fixed.body.contains("kbgen-errors"))

        // A file saved as it was is built, finds nothing changed, and reloads no page.
        let build = Self.fetch(base + "/_kbgen/wait?since=-1").body
        try Data(text.utf8).write(to: article)
        for _ in 0..<50 where !server.printed.text.contains("nothing changed") { usleep(100_000) }
        #expect(server.printed.text.contains("kbgen: nothing changed"))
        #expect(Self.fetch(base + "/_kbgen/wait?since=-1").body == build)

        #expect(server.interrupt() == 0)
        let names = try FileManager.default.contentsOfDirectory(atPath: root.path)
        #expect(!names.contains("Output"), "the published output is never written")
        #expect(names.filter { $0.hasPrefix(".kbgen-preview.") }.isEmpty, "\(names)")

        // What it kept in memory was written when it stopped: the next preview starts from it.
        let again = try Server(in: root, arguments: ["--timings"])
        defer { _ = again.interrupt() }
        #expect(again.printed.text.contains("kbgen: nothing changed"), "\(again.printed.text)")
        try Data(text.replacingOccurrences(of: "Documents wait", with: "Documents still wait").utf8).write(to: article)
        let next = Self.eventually("http://127.0.0.1:\(again.port)/printing/printer-offline.html") { $0.body.contains("Documents still wait") }
        #expect(next.body.contains("Documents still wait"))
        // The edit went through the stages alone, on the model read from the preview folder.
        #expect(again.printed.text.contains("replaying changed articles"), "\(again.printed.text)")
    }

    @Test func aFirstBuildWithErrorsIsServedAsItsErrors() throws {
        let root = try Self.knowledgeBase()
        try Data("---\ntitle: [\n---\n".utf8).write(to: root.appendingPathComponent("Content/broken.md"))
        let server = try Server(in: root)
        defer { _ = server.interrupt() }
        let page = Self.fetch("http://127.0.0.1:\(server.port)/printing/printer-offline.html")
        #expect(page.body.contains("<title>Build failed · kbgen serve</title>"))
        #expect(page.body.contains("Content/broken.md:"))
        try FileManager.default.removeItem(at: root.appendingPathComponent("Content/broken.md"))
        let fixed = Self.eventually("http://127.0.0.1:\(server.port)/printing/printer-offline.html") { $0.body.contains("<h1>The printer shows as offline</h1>") }
        #expect(fixed.status == 200 && !fixed.body.contains("kbgen-errors"))
    }

    @Test func listeningBeyondLoopbackIsWarned() throws {
        let root = try Self.knowledgeBase()
        let server = try Server(in: root, arguments: ["--host", "0.0.0.0"])
        defer { _ = server.interrupt() }
        for _ in 0..<50 where !server.printed.text.contains("serving") { usleep(100_000) }
        #expect(server.printed.text.contains("warning: listening on 0.0.0.0, not only on this machine's loopback"))
    }
}
