import Foundation
import PackagePlugin

/// Builds the default theme into KBGenKit from the repository's Templates/, at every build in
/// which a file there changed, was added or was removed.
@main
struct EmbedTheme: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let templates = context.package.directoryURL.appending(path: "Templates")
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedTheme.swift")
        var inputs: [URL] = []
        if let walk = FileManager.default.enumerator(at: templates, includingPropertiesForKeys: [.isRegularFileKey]) {
            for case let url as URL in walk where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
                inputs.append(url)
            }
        }
        return [.buildCommand(displayName: "Embedding the default theme from Templates/",
                              executable: try context.tool(named: "kbgen-embed").url,
                              arguments: [templates.path, output.path],
                              // The list itself is an input: a file added or removed runs it again.
                              inputFiles: [templates] + inputs.sorted { $0.path < $1.path },
                              outputFiles: [output])]
    }
}
