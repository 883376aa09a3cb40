import Dispatch
import Foundation
import KBGenKit

/// The floor of a build: read every Markdown file, turn its body (front matter left out) into HTML
/// with libcmark-gfm alone on all cores, and write as many files as kbgen writes into a new
/// folder. Nothing of kbgen's own work: no model, steps, links, index or templates.
public enum Floor {
    /// Seconds the whole run took.
    public static func run(content: String, output: String, files: Int) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        var paths: [String] = []
        if let walker = FileManager.default.enumerator(atPath: content) {
            for case let path as String in walker where path.hasSuffix(".md") { paths.append(content + "/" + path) }
        }
        let html = Parallel.map(paths.count, chunk: 16) { i in
            let text = (try? String(contentsOfFile: paths[i], encoding: .utf8)) ?? ""
            return MarkdownParser.cmarkHTML(FrontMatterParser.split(text)?.body ?? text)
        }
        let fm = FileManager.default
        try? fm.createDirectory(atPath: output, withIntermediateDirectories: true)
        for i in 0..<files {
            let folder = output + "/" + String(i / 1000)
            if i % 1000 == 0 { try? fm.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            let fd = open(folder + "/page-\(i).html", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            guard fd >= 0 else { continue }
            var text = html.isEmpty ? "" : html[i % html.count]
            text.withUTF8 { buffer in _ = write(fd, buffer.baseAddress, buffer.count) }
            close(fd)
        }
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}
