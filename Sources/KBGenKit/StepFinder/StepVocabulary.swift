/// The words of fix guides that say one thing in several ways, so that two wordings of one step
/// are read as one: "click" and "select", "quit" and "exit", "the computer" and "the device",
/// `regedit` and Registry Editor. Each entry lists phrases that mean the same; the first is the
/// one they all become. The built-in list is `standard`; `dedupe.words` in kbgen.yml adds to it.
///
/// Phrases are normalised the way step texts are (case, typography, word endings), so an entry
/// matches whatever spelling a writer uses.
public struct StepVocabulary: Sendable, Equatable {
    /// Phrase (normalised words) → the words it becomes, by first word, longest phrase first.
    var phrases: [String: [(words: [String], becomes: [String])]] = [:]
    /// Sentences that start with one of these say nothing about the step itself
    /// ("If you're prompted for an administrator password, ..."): left out of the comparison.
    var asides: [[String]] = []
    /// The entries as written, for the fingerprint of a build and for equality.
    public private(set) var entries: [[String]] = []

    /// Wordings declared never one step (`dedupe.never_same`) that read as one text: each is
    /// marked as a text of its own, by its plain text.
    public private(set) var marks: [String: String] = [:]

    public static func == (a: StepVocabulary, b: StepVocabulary) -> Bool {
        a.entries == b.entries && a.asides == b.asides && a.tails == b.tails && a.programs == b.programs && a.marks == b.marks
    }

    /// Marks the wordings of each list that reads as one text, so that they stay apart.
    public mutating func keepApart(_ lists: [[String]]) {
        for (i, list) in lists.enumerated() {
            let texts = list.compactMap { StepText.of(MarkdownParser.parse($0).blocks, folder: "", vocabulary: self) }
            guard Set(texts).count < texts.count else { continue }
            for (k, wording) in list.enumerated() {
                marks[Self.plain(Array(MarkdownParser.parse(wording).blocks.prefix(1)).plainText)] = "apart:\(i):\(k)"
            }
        }
    }

    /// A wording as marks find it: its plain text, case folded, with runs of space as one.
    static func plain(_ text: String) -> String {
        text.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).joined(separator: " ")
    }

    /// Clauses that end a sentence by saying how the step is done ("... by using the following
    /// steps:"); what follows them is how, not what.
    var tails: [[String]] = []
    /// The first words of `asides` and `tails`, so that most words are passed over with one lookup.
    var asideHeads: Set<String> = [], tailHeads: Set<String> = []
    /// Programs that a step starting with "Start" or "Run" opens ("Start Registry Editor"); any
    /// other object of those verbs is started or run ("Start the Print Spooler service").
    var programs: Set<[String]> = []

    public init(entries: [[String]], asides: [String] = [], tails: [String] = [], programs: [String] = []) {
        for entry in entries { add(entry) }
        self.asides = asides.map { StepWords.normalise($0) }.filter { !$0.isEmpty }
        self.tails = tails.map { StepWords.normalise($0) }.filter { !$0.isEmpty }
        self.asideHeads = Set(self.asides.compactMap(\.first))
        self.tailHeads = Set(self.tails.compactMap(\.first))
        self.programs = Set(programs.map { StepWords.normalise($0) })
    }

    /// Adds one entry: every phrase of it becomes its first phrase.
    public mutating func add(_ entry: [String]) {
        guard let first = entry.first else { return }
        entries.append(entry)
        let becomes = StepWords.normalise(first)
        // The first phrase maps to itself, so a shorter phrase of another entry cannot split it.
        for phrase in [first] + entry.dropFirst() {
            let words = StepWords.normalise(phrase)
            guard let head = words.first, words != becomes || words.count > 1 else { continue }
            var list = phrases[head, default: []]
            list.removeAll { $0.words == words }
            list.append((words, becomes))
            list.sort { $0.words.count > $1.words.count }
            phrases[head] = list
        }
    }

    func isAside(_ sentence: [String]) -> Bool {
        guard let first = sentence.first, asideHeads.contains(first) else { return false }
        return asides.contains { sentence.starts(with: $0) }
    }

    /// The vocabulary kbgen starts with; `docs/steps.md` lists it. A first phrase written with
    /// hyphens (`run-dialog`) is one word that the program test below knows.
    public static let standard = StepVocabulary(entries: [
        // Verbs of the user interface.
        ["select", "click", "click on", "choose", "tap", "tap on", "pick"],
        ["restart", "reboot"],
        ["sign in", "log in", "log on", "login", "logon"],
        ["sign out", "log out", "log off", "sign off", "logout", "logoff"],
        ["close", "quit", "exit"],
        ["open", "launch", "bring up"],
        ["go to", "navigate to", "browse to", "locate and select", "locate and click", "locate and then select",
         "locate and then click"],
        ["check", "verify", "make sure", "ensure", "confirm"],
        ["try", "attempt"],
        ["press-enter", "press enter", "press the enter key", "hit enter", "select enter", "press return"],
        ["right-click", "right click", "press and hold or right-click", "press and hold", "select and hold"],
        // Objects.
        ["computer", "device", "pc", "machine", "computer or vm", "physical computer or vm", "computer or virtual machine",
         "physical or virtual machine", "physical computer"],
        ["vm", "virtual machine", "azure vm", "azure virtual machine"],
        ["registry editor", "regedit", "regedit.exe", "regedt32", "regedt32.exe"],
        ["command prompt", "cmd", "cmd.exe", "command prompt window", "command window"],
        ["command prompt as-administrator", "elevated command prompt", "administrator command prompt",
         "administrative command prompt", "elevated command prompt window", "elevated command window"],
        ["windows powershell", "powershell", "powershell.exe", "windows powershell window", "powershell window"],
        ["windows powershell as-administrator", "elevated windows powershell", "elevated powershell",
         "elevated powershell window", "administrative powershell", "administrator powershell"],
        ["as-administrator", "as administrator", "as an administrator", "with administrator rights",
         "with administrative privileges", "with administrator privileges", "with elevated privileges"],
        ["run-as-administrator", "run as administrator", "run as an administrator"],
        ["run-dialog", "run dialog", "run dialog box", "run box", "windows+r", "win+r", "windows logo key+r",
         "windows key+r", "windows logo key + r", "windows key + r", "windows + r", "win + r"],
        ["start-menu", "start menu", "start screen"],
        ["services", "services.msc", "services app", "services console", "services snap-in", "services window"],
        ["device manager", "devmgmt.msc"],
        ["event viewer", "eventvwr", "eventvwr.msc", "eventvwr.exe"],
        ["task manager", "taskmgr", "taskmgr.exe"],
        ["file explorer", "windows explorer", "explorer.exe"],
        ["control-panel", "control panel", "control.exe"],
        ["network connections", "ncpa.cpl"],
        ["internet options", "inetcpl.cpl", "internet properties"],
        ["programs and features", "appwiz.cpl"],
        ["local group policy editor", "gpedit.msc", "group policy editor"],
        ["group policy management console", "gpmc.msc", "group policy management"],
        ["computer management", "compmgmt.msc"],
        ["disk management", "diskmgmt.msc"],
        ["system configuration", "msconfig", "msconfig.exe"],
        ["microsoft management console", "mmc", "mmc.exe"],
        ["credential manager", "credentials manager"],
        ["certificates snap-in for local computer", "certlm.msc", "local computer certificates manager",
         "certificates (local computer)", "local computer certificate store"],
        ["certificates snap-in for current user", "certmgr.msc", "current user certificate store"],
        ["network connection", "local area connection", "network adapter", "network adapter connection"],
        ["search-box", "search box", "search bar", "search field", "start search box", "search"],
        // Words that say nothing about the step.
        ["", "that you want to modify", "that you want to change", "that you want to use", "if necessary",
         "if needed", "to do this", "do this", "following command", "this command", "command", "following commands",
         "these commands", "commands", "from list", "in list", "from results", "from search results", "again",
         "in search box", "in search bar", "in start search box", "button", "option", "check box", "checkbox"],
    ], asides: [
        "If you're prompted for an administrator password",
        "If you're prompted for administrator credentials",
        "If you're prompted for permission",
        "If the User Account Control dialog box appears",
        "If User Account Control",
        "It may take several minutes",
        "It might take several minutes",
        "This may take several minutes",
        "This might take several minutes",
    ], tails: [
        "by using one of the following", "by using the following", "using one of the following", "using the following",
        "with the following steps", "as follows",
    ], programs: [
        "registry editor", "command prompt", "windows powershell", "services", "device manager", "event viewer",
        "task manager", "file explorer", "control-panel", "network connections", "internet options",
        "programs and features", "local group policy editor", "group policy management console", "computer management",
        "disk management", "system configuration", "microsoft management console", "credential manager",
        "certificates snap-in for local computer", "certificates snap-in for current user", "settings",
    ])

    /// Words of a sentence that opens a program ("From Start, type regedit, and then select
    /// Registry Editor from the results"): what is left of such a sentence is the program.
    static let launchWords: Set<String> = Set([
        "from", "start", "start-menu", "type", "enter", "press", "press-enter", "select", "right-click", "run", "run-dialog",
        "ok", "search-box", "in", "dialog", "window", "open", "app", "program", "taskbar", "control-panel",
        "run-as-administrator", "as-administrator", "or", "it", "of", "with", "using", "by", "icon",
    ].flatMap { StepWords.normalise($0) })

    /// Words that show that a sentence is about opening something, wherever they stand. `start`
    /// and `run` count too, but not as a sentence's first word: "Start the Print Spooler service"
    /// starts a service, unless what it starts is a program or a command.
    static let launchMarkers: Set<String> = Set(["type", "search-box", "run-dialog", "open", "start-menu"].flatMap { StepWords.normalise($0) })
}

/// Printed as its entries in order, so that a build's fingerprint of the settings is the same in
/// every run (the phrase table is a dictionary, whose order changes from run to run).
extension StepVocabulary: CustomStringConvertible, CustomDebugStringConvertible {
    public var description: String {
        "StepVocabulary(\(entries), asides: \(asides), tails: \(tails), programs: \(programs.sorted { $0.lexicographicallyPrecedes($1) }), "
            + "marks: \(marks.sorted { $0.key < $1.key }))"
    }
    public var debugDescription: String { description }
}
