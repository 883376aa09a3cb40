import ArgumentParser
import Dispatch
import FlyingFox
import FlyingSocks
import Foundation
import KBGenKit
import Synchronization

/// `kbgen serve`: builds into a preview folder of its own, serves it over HTTP, and after every
/// saved change builds again and reloads the open pages. It never writes into the output folder,
/// so a draft previewed is never published.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Preview the site at http://127.0.0.1:8000/, rebuilt and reloaded after every change.",
        discussion: "Builds into \(Starter.previewFolder)/, never into Output/. Ctrl-C stops it."
    )

    @OptionGroup var source: SourceOptions

    @Option(help: "The port to listen on; 0 takes a free one.")
    var port: UInt16 = 8000

    @Option(help: "The address to listen on; anything but 127.0.0.1 or ::1 lets other machines see the preview.")
    var host = "127.0.0.1"

    @Flag(help: "Print how long each stage of every build took.")
    var timings = false

    func validate() throws {
        guard (try? Self.address(host, port: port)) != nil else {
            throw ValidationError("--host takes an IP address (127.0.0.1, 0.0.0.0, ::1), not '\(host)'")
        }
    }

    func run() throws {
        var options = source.buildOptions(output: Starter.previewFolder)
        options.toolVersion = BuildCommand.toolVersion()
        options.updateInPlace = true
        options.holdModel = true
        options.timings = timings
        let terminal = Terminal(quiet: false)
        let state = PreviewState()
        // What the first build read, taken before it: a file saved while it runs is built next.
        var watcher = Watcher(options)
        Self.build(options, state: state, terminal: terminal)

        let root = options.output.resolvingSymlinksInPath().path
        let address = try Self.address(host, port: port)
        let server = HTTPServer(address: address, timeout: 30, logger: .disabled, handler: PreviewHandler(root: root, state: state))
        let listening = DispatchSemaphore(value: 0)
        let failure = Mutex<String?>(nil)
        Task {
            do { try await server.run() } catch {
                failure.withLock { $0 = "\(error)" }
                listening.signal()
            }
        }
        let bound = Mutex<UInt16?>(nil)
        Task {
            try? await server.waitUntilListening(timeout: 10)
            if case .ip4(_, let port)? = await server.listeningAddress { bound.withLock { $0 = port } }
            if case .ip6(_, let port)? = await server.listeningAddress { bound.withLock { $0 = port } }
            listening.signal()
        }
        listening.wait()
        let port = bound.withLock { $0 } ?? port
        if let problem = failure.withLock({ $0 }) {
            terminal.note("error: cannot listen on \(host):\(port) (\(problem)); another program may be using the port: choose another with --port")
            throw ExitCode(2)
        }
        let shown = host.contains(":") ? "[\(host)]" : host
        if !["127.0.0.1", "::1", "localhost"].contains(host) {
            terminal.note("warning: listening on \(host), not only on this machine's loopback: other machines on the network can read the preview, drafts included")
        }
        terminal.summary("serving a preview at http://\(shown):\(port)/ (built in \(Starter.previewFolder)/); Ctrl-C stops it", always: true)
        // Kept for the life of the process: a signal source that is freed stops listening.
        let signals = Self.stopOnSignals(options, state: state, terminal: terminal)
        withExtendedLifetime(signals) { watcher.run { Self.build(options, state: state, terminal: terminal) } }
    }

    static func address(_ host: String, port: UInt16) throws -> any SocketAddress {
        host.contains(":") ? try sockaddr_in6.inet6(ip6: host, port: port) : try sockaddr_in.inet(ip4: host, port: port)
    }

    /// One build into the preview folder; the last good site stays when this one has errors.
    static func build(_ options: BuildOptions, state: PreviewState, terminal: Terminal) {
        // Once Ctrl-C is pressed, no build starts: the process is about to end.
        if state.stopping.withLock({ $0 }) { while true { pause() } }
        state.building.withLock { $0 = true }
        let started = Date()
        let result = Pipeline.run(options, write: true, held: state.held.withLock { $0 })
        // A build that wrote nothing (errors, or nothing changed) leaves the last one's on disk.
        if let held = result.held { state.held.withLock { $0 = held } }
        terminal.print(result.diagnostics)
        if options.timings { terminal.timings(result.timings) }
        let time = String(format: "%.2f", Date().timeIntervalSince(started))
        if result.status == .built {
            // A build that found nothing changed (a file saved as it was) reloads no page, unless
            // the pages show errors, or no build had succeeded yet.
            let before = state.now
            if !result.upToDate || !before.errors.isEmpty || !before.good { state.finish(errors: []) }
            let first = state.now.build == 1
            terminal.summary(result.upToDate ? "nothing changed (\(time) s)"
                             : "\(first ? "built" : "rebuilt") in \(time) s\(Terminal.counts(result.diagnostics))\(first ? "" : "; open pages reload")")
        } else {
            state.finish(errors: result.diagnostics.sorted.map(\.description))
            terminal.summary("the build stopped\(Terminal.counts(result.diagnostics)); the preview keeps the last good site and shows the errors", always: true)
        }
        state.building.withLock { $0 = false }
    }

    /// The content and templates folders, the settings and the reader feedback file.
    static func watched(_ options: BuildOptions) -> [String] {
        var paths = [options.content.path, options.templates.path, options.settingsFile.path]
        if let feedback = ContentLoader.settings(options).0.feedback?.value {
            paths.append(ContentLoader.feedbackFile(feedback, options: options).path)
        }
        return paths
    }

    /// Ctrl-C (or a TERM) ends the server within a second: a build under way is given that long
    /// to finish, and what an unfinished one left beside the preview folder is removed.
    static func stopOnSignals(_ options: BuildOptions, state: PreviewState, terminal: Terminal) -> [any DispatchSourceSignal] {
        [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                state.stopping.withLock { $0 = true }
                for _ in 0..<8 where state.building.withLock({ $0 }) { usleep(100_000) }
                SiteWriter.removeLeftovers(of: options.output)
                // What the builds kept in memory, for the next kbgen serve to start from.
                if !state.building.withLock({ $0 }), let held = state.held.withLock({ $0 }) {
                    try? SiteWriter.keep(held, in: options.output)
                }
                terminal.summary("stopped", always: true)
                fflush(nil)
                _exit(0)
            }
            source.resume()
            return source
        }
    }
}

/// What the watcher tells the server: how many builds finished, and the last one's errors.
final class PreviewState: Sendable {
    private let current = Mutex<(build: Int, errors: [String], good: Bool)>((0, [], false))
    let building = Mutex(false)
    /// The last written build's model, which the next build takes instead of reading it.
    let held = Mutex<HeldBuild?>(nil)
    let stopping = Mutex(false)

    func finish(errors: [String]) {
        current.withLock { $0 = ($0.build + 1, errors, $0.good || errors.isEmpty) }
    }

    var now: (build: Int, errors: [String], good: Bool) { current.withLock { $0 } }
}

/// GET and HEAD of the preview folder's files, with the reload script added to each page.
struct PreviewHandler: HTTPHandler {
    let root: String
    let state: PreviewState

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard request.method == .GET || request.method == .HEAD else {
            var headers = HTTPHeaders()
            headers[HTTPHeader("Allow")] = "GET, HEAD"
            return HTTPResponse(statusCode: .methodNotAllowed, headers: headers)
        }
        let path = request.target.path(percentEncoded: true)
        let response = try await answer(path, query: request.query)
        guard request.method == .HEAD else { return response }
        var headers = response.headers
        headers[.contentLength] = String(try await response.bodyData.count)
        return HTTPResponse(statusCode: response.statusCode, headers: headers)
    }

    func answer(_ path: String, query: [HTTPRequest.QueryItem]) async throws -> HTTPResponse {
        switch path {
        case PreviewPage.scriptPath: return Self.text(PreviewPage.script, type: "text/javascript; charset=utf-8")
        case PreviewPage.stylePath: return Self.text(PreviewPage.style, type: "text/css; charset=utf-8")
        case PreviewPage.waitPath:
            let since = query.first { $0.name == "since" }.flatMap { Int($0.value) } ?? -1
            // Held until the next build, or answered with the same number after a while, before
            // any proxy or browser gives up on the request.
            for _ in 0..<100 where state.now.build <= since { try await Task.sleep(for: .milliseconds(100)) }
            return Self.text(String(state.now.build), type: "text/plain; charset=utf-8")
        default: break
        }
        let now = state.now
        guard now.good else { return Self.text(PreviewPage.errorPage(now.errors), type: "text/html; charset=utf-8", status: .ok) }
        switch PreviewFiles.answer(path, root: root) {
        case .file(let file):
            return page(file, status: .ok, errors: now.errors)
        case .redirect(let location):
            var headers = HTTPHeaders()
            headers[.location] = location
            return HTTPResponse(statusCode: .movedPermanently, headers: headers)
        case .forbidden:
            return Self.text("This path leads out of the site.\n", type: "text/plain; charset=utf-8", status: .forbidden)
        case .notFound:
            return page(root + "/404.html", status: .notFound, errors: now.errors)
        }
    }

    func page(_ file: String, status: HTTPStatusCode, errors: [String]) -> HTTPResponse {
        guard let data = FileManager.default.contents(atPath: file) else {
            return Self.text("Not found.\n", type: "text/plain; charset=utf-8", status: .notFound)
        }
        let type = PreviewFiles.contentType(file)
        guard type.hasPrefix("text/html") else { return HTTPResponse(statusCode: status, headers: Self.headers(type), body: data) }
        let html = PreviewPage.inject(String(decoding: data, as: UTF8.self), errors: errors, fromRoot: status == .notFound)
        return HTTPResponse(statusCode: status, headers: Self.headers(type), body: Data(html.utf8))
    }

    static func text(_ text: String, type: String, status: HTTPStatusCode = .ok) -> HTTPResponse {
        HTTPResponse(statusCode: status, headers: headers(type), body: Data(text.utf8))
    }

    /// Nothing of a preview is kept by the browser: every page is asked for again after a build.
    static func headers(_ type: String) -> HTTPHeaders {
        var headers = HTTPHeaders()
        headers[.contentType] = type
        headers[HTTPHeader("Cache-Control")] = "no-store"
        return headers
    }
}

/// Builds again after what a build reads changed. The kernel's events wake it at once (where
/// there are none, it looks four times a second), and it waits until the files have been quiet
/// for 25 ms, so that an editor that saves through a temporary file and a rename is one change;
/// then snapshots tell whether anything a build reads really changed.
struct Watcher {
    let options: BuildOptions
    let events = PreviewEvents()
    var last: PreviewWatch

    /// Starts watching: what is there now is what the next build is compared with.
    init(_ options: BuildOptions) {
        self.options = options
        last = PreviewWatch()
        last = look()
    }

    /// A snapshot of what a build reads; the folders it looked in, and those of the settings and
    /// feedback files, are watched from now on.
    func look() -> PreviewWatch {
        let paths = ServeCommand.watched(options)
        let now = PreviewWatch.snapshot(paths)
        let parents = [options.workingDirectory.path] + paths.map { URL(fileURLWithPath: $0).deletingLastPathComponent().path }
        events?.watch(now.folders.union(parents))
        return now
    }

    mutating func run(_ build: () -> Void) -> Never {
        while true {
            if let events {
                // A look every two seconds all the same, for changes no event tells (a network share).
                if events.wait(2) { while events.wait(0.025) {} }
            } else {
                usleep(250_000)
            }
            var now = look()
            guard now != last else { continue }
            if events == nil {
                repeat {
                    last = now
                    usleep(100_000)
                    now = look()
                } while now != last
            }
            last = now
            build()
        }
    }
}
