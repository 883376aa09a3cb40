/// What `kbgen init` and `kbgen new` write: a knowledge base that builds at once, and an article
/// skeleton that builds as it is. Tests build both, so that neither can drift from the format.
public enum Starter {
    /// The folder the preview server builds into, which `kbgen init`'s `.gitignore` leaves out.
    public static let previewFolder = ".kbgen-preview"

    /// Every file of a new knowledge base, by path from its folder.
    public static func knowledgeBase(today: String) -> [(path: String, text: String)] {
        [
            ("kbgen.yml", settings),
            (".gitignore", gitignore),
            ("Content/steps/restart-print-spooler.md", spoolerStep),
            ("Content/printing/printer-offline.md", printerOffline(today: today)),
            ("Content/printing/print-jobs-stuck.md", jobsStuck(today: today)),
        ]
    }

    static let settings = """
    # Site settings. Every key is optional; remove the # in front of a line to use it.
    # docs/format.md in kbgen's repository describes each one.

    # The site's title, shown in every page header.
    title: Fix guides

    # The lang of every page.
    # language: en

    # The site's public address, used only for the sitemap, the feed and canonical links.
    # base_url: https://kb.intranet.example/

    # Finding repeated steps: how alike two steps must be to count as one (above 0, at most 1),
    # phrases that mean the same in steps, and wordings that are, or never are, one step.
    # dedupe:
    #   threshold: 0.8
    #   words:
    #     - [computer, PC]
    #   same:
    #     - ["Restart the computer.", "Reboot the PC."]
    #   never_same:
    #     - ["Open the Services console.", "Open the Event Viewer."]

    # Words and phrases a search treats as one.
    # search:
    #   synonyms:
    #     - [VDI, virtual desktop]

    # How solutions are ordered: likelihood, or expected-cost (likelihood divided by effort).
    # order: likelihood

    # A CSV file of reader outcomes (article,solution,worked,failed) that orders solutions too.
    # feedback: feedback.csv

    # "Did this fix it? Yes / No" under each solution, and searches that found nothing, recorded
    # only by the web server's own access log. false turns both off.
    # reader_feedback: true

    """

    public static let gitignore = """
    # Made by kbgen: the site, what a build leaves beside it while it writes, and the preview.
    /Output/
    /Output.kbgen-*
    /\(previewFolder)*

    """

    static let spoolerStep = """
    ---
    title: Restart the Print Spooler service
    ---

    In **Services**, right-click **Print Spooler** and select **Restart**.

    """

    static func printerOffline(today: String) -> String {
        """
        ---
        title: The printer shows as offline
        summary: Windows lists the printer as Offline and sends it nothing, although it is switched on.
        error_codes: [0x00000709]
        products: [Windows 11]
        tags: [printing]
        updated: \(today)
        ---

        Documents wait in the queue and the printer is listed as **Offline**. If documents are stuck
        although the printer is online, see [Print jobs stay in the queue](print-jobs-stuck.md).

        ## Clear "Use Printer Offline" {likelihood=high effort=2m}

        1. Open **Settings** > **Bluetooth & devices** > **Printers & scanners**, and select the printer.
        2. Select **Open print queue**.
        3. Open the **Printer** menu and clear **Use Printer Offline**.

        ## Restart the print spooler {likelihood=0.2 effort=3m}

        1. Press **Windows+R**, type `services.msc`, and press **Enter**.
        2. [](step:restart-print-spooler)

        """
    }

    static func jobsStuck(today: String) -> String {
        """
        ---
        title: Print jobs stay in the queue
        summary: Documents sent to a printer that is online never print and cannot be deleted.
        products: [Windows 11, Windows 10]
        tags: [printing]
        updated: \(today)
        ---

        ## Restart the print spooler {likelihood=high effort=3m}

        1. Press **Windows+R**, type `services.msc`, and press **Enter**.
        2. [](step:restart-print-spooler)

        ## Empty the spooler folder {likelihood=low effort=10m}

        1. Press **Windows+R**, type `services.msc`, and press **Enter**.
        2. Right-click **Print Spooler** and select **Stop**.
        3. Delete the files in `C:\\Windows\\System32\\spool\\PRINTERS`.
        4. Right-click **Print Spooler** and select **Start**.

        """
    }

    /// An article that builds as it is: front matter with every key, one solution over a
    /// numbered list. The title is made from the id when none is given.
    public static func article(id: String, title: String?, today: String) -> String {
        let title = title ?? Self.title(id: id)
        return """
        ---
        title: \(YAMLText.quoted(title))
        summary: ""
        error_codes: []
        products: []
        tags: []
        updated: \(today)
        ---

        What the reader sees when the problem happens: the message, its code, where it shows.

        ## The most likely fix {likelihood=high effort=5m}

        1. The first step.
        2. The next step.

        """
    }

    /// `printing/printer-is-offline` → `Printer is offline`.
    static func title(id: String) -> String {
        let last = id.split(separator: "/").last.map(String.init) ?? id
        let words = last.replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "_", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    /// Why an id cannot be a new article's, or nil: the id is the path under Content/ without `.md`.
    public static func idProblem(_ id: String) -> String? {
        if id.isEmpty { return "the id is empty; write a path such as printing/printer-offline" }
        if id.hasSuffix(".md") { return "write the id without .md (\(id.dropLast(3)))" }
        if id.hasPrefix("/") || id.hasSuffix("/") || id.contains("//") {
            return "the id is a path under Content/ with no / at either end, such as printing/printer-offline"
        }
        let parts = id.split(separator: "/")
        if parts.contains(where: { $0 == "." || $0 == ".." }) { return "the id may not hold . or .. as a folder" }
        if parts.first == "steps" { return "Content/steps/ holds reusable steps, not articles; choose another folder" }
        if let hidden = parts.first(where: { $0.hasPrefix("_") || $0.hasPrefix(".") }) {
            return "'\(hidden)' starts with '\(hidden.first!)', and kbgen leaves such files out of the site; rename it"
        }
        for folder in parts.dropLast() {
            if let problem = PublishableName.problem(name: folder) { return problem }
        }
        return PublishableName.problem(name: String(parts.last!) + ".md", path: id + ".md")
    }
}
