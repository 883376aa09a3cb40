import Testing
@testable import KBGenKit

@Suite struct StepTextTests {
    func text(_ markdown: String, folder: String = "") -> StepText? {
        StepText.of(MarkdownParser.parse(markdown).blocks, folder: folder)
    }

    func similarity(_ a: String, _ b: String) -> Double {
        guard let x = text(a), let y = text(b) else { return -1 }
        return StepText.similarity(x, y)
    }

    @Test func caseMarkupPunctuationAndFillerAreIgnored() {
        let forms = [
            "Press **Windows+R**, type `certlm.msc`, and press **Enter** to open the Local Computer Certificates manager.",
            "press **windows+r**, type `certlm.msc`, and press **enter** to open the Local Computer Certificates Manager",
            "Press **Windows+R**, Type `certlm.msc`, And Press **Enter** To Open The Local Computer Certificates Manager.",
        ]
        let texts = forms.compactMap { text($0) }
        #expect(texts.count == 3)
        #expect(Set(texts).count == 1)
        #expect(similarity("Expand Remote Desktop and click Certificates.", "Expand the Remote Desktop folder and click on Certificates") == 1)
    }

    @Test func codeNumbersKeysAndPathsMustMatchExactly() {
        #expect(similarity("Run `DISM /Online /Cleanup-Image /RestoreHealth` from an elevated Command Prompt.",
                           "Run `DISM /Online /Cleanup-Image /ScanHealth` from an elevated Command Prompt.") == 0)
        #expect(similarity("Verify that the firewall allows the connection on port 443.",
                           "Verify that the firewall allows the connection on port 3389.") == 0)
        #expect(similarity("Press Windows+R and type regedit.", "Press Windows+X and type regedit.") == 0)
        #expect(similarity("Delete the files in C:\\Windows\\Temp now.", "Delete the files in C:\\Windows\\Prefetch now.") == 0)
        #expect(similarity("Set the value to `0`.", "Set the value to `1`.") == 0)
    }

    @Test func actionWordsThatChangeTheMeaningMustMatch() {
        #expect(similarity("Stop the Print Spooler service.", "Start the Print Spooler service.") == 0)
        #expect(similarity("In Services, right-click **Print Spooler**, and then click **Stop**.",
                           "In Services, right-click **Print Spooler**, and then click **Start**.") == 0)
        #expect(similarity("Turn on the firewall for every network profile you use at work.",
                           "Turn off the firewall for every network profile you use at work.") == 0)
        #expect(similarity("Do not restart the computer until the update finishes installing.",
                           "Restart the computer until the update finishes installing.") == 0)
    }

    @Test func namesMustStandOnBothSides() {
        // One word apart in nine: Jaccard 0.8, but the services differ.
        #expect(similarity("Set the startup type of the Windows Update service to **Automatic**.",
                           "Set the startup type of the Windows Audio service to **Automatic**.") == 0)
        #expect(similarity("Go to Settings > System > Activation.", "Go to Settings > System > Activation > Troubleshoot.") == 0)
        // A lowercase variant has no names of its own, yet holds the other's.
        #expect(similarity("set the startup type of the windows update service to **automatic**.",
                           "Set the startup type of the Windows Update service to **Automatic**.") == 1)
    }

    @Test func closeWordingsAreSimilar() {
        let s = similarity("Open the Event Viewer and look at the recent errors in the application log of this computer.",
                           "Open Event Viewer and look at the recent errors in the application log on this computer now.")
        #expect(s >= 0.8 && s < 1)
    }

    @Test func linksCountByTheirTarget() {
        let a = text("See [the proxy article](../net/proxy.md).", folder: "rdp")
        let b = text("See [the proxy article](proxy.md).", folder: "net")
        let c = text("See [the proxy article](dns.md).", folder: "net")
        #expect(a == b)
        #expect(a != c)
    }

    @Test func whatIsNestedUnderAStepIsPartOfIt() {
        // The same instruction with the same command is one step; with another command it is not.
        #expect(text("Restart your VM:\n\n   ```\n   shutdown /r /t 0\n   ```") == text("Restart the VM:\n\n   ```\n   shutdown  /r /t 0\n   ```"))
        #expect(text("Run the following commands:\n\n   ```\n   net stop bits\n   ```") != text("Run the following commands:\n\n   ```\n   net start bits\n   ```"))
        // A step that introduces a list is compared with its list.
        #expect(text("Make sure these services run:\n\n   - BITS\n   - Windows Update") == text("Make sure these services run:\n\n   - BITS\n   - Windows Update"))
        #expect(text("Make sure these services run:\n\n   - BITS\n   - Windows Update") != text("Make sure these services run:\n\n   - BITS\n   - Print Spooler"))
        #expect(text("Make sure these services run:\n\n   - BITS") != text("Make sure these services run:"))
        // A note below the instruction does not count.
        #expect(text("Restart the computer.\n\n   This can take a few minutes.") == text("Restart the computer."))
    }

    @Test func curlyQuotesAndDashesAreTrimmed() {
        #expect(text("Select “Apply” — then close the window…") == text("Select \"Apply\" then close the window"))
    }

    /// Each kind of rewording real fix articles use, with a step that looks alike but is another
    /// instruction next to it.
    @Test(arguments: [
        // Typography and markup.
        ("If **TLS 1.2** isn’t selected, select it.", "If TLS 1.2 isn't selected, select it.", "If TLS 1.3 isn't selected, select it."),
        ("Run `netstat` to list the open ports.", "Run netstat to list the open ports.", "Run `tasklist` to list the open ports."),
        // Objects and verbs of the vocabulary; word endings.
        ("Restart the device.", "Restart your computer.", "Restart the router."),
        ("Reboot the server.", "Restart the server.", "Shut down the server."),
        ("Log off, and then log on again.", "Sign out, and then sign in again.", "Sign out, and then shut down."),
        ("Try to sign in to the portal again.", "Try signing in to the portal again.", "Try to sign out of the portal again."),
        ("Quit Registry Editor.", "Exit Registry Editor.", "Exit Task Manager."),
        ("Click **Enabled**.", "Select **Enabled**.", "Select **Disabled**."),
        // A command given in either order.
        ("Type the following command, and then press Enter: `ipconfig /flushdns`", "Type `ipconfig /flushdns`, and then press Enter.",
         "Type `ipconfig /registerdns`, and then press Enter."),
        // The ways of opening a program.
        ("Open an elevated command prompt.", "Select **Start**, type *cmd*, right-click **Command Prompt**, and then select **Run as administrator**.",
         "Open a command prompt."),
        ("Open Registry Editor.", "Press **Windows+R**, type *regedt32*, and then select **OK**.", "Open Event Viewer."),
        ("Start Registry Editor.", "From Start, type `regedit`, and then select **Registry Editor** from the search results.",
         "Start the Print Spooler service."),
        // A control named with its kind, or not; one action said twice.
        ("On the **File** menu, select the **Add/Remove Snap-in** option.", "Select the **File** menu, and then select **Add/Remove Snap-in**.",
         "On the **File** menu, select **Options**."),
        // The product of the article, named or left out.
        ("Try to activate Office again.", "Try activating again.", "Try to activate Windows again."),
    ])
    func rewordingsAreOneStepAndLookAlikesAreNot(same: String, reworded: String, lookAlike: String) {
        // In an article about Office.
        func similarity(_ a: String, _ b: String) -> Double {
            let products = [StepText.productWords("Office", vocabulary: .standard)]
            guard let x = StepText.of(MarkdownParser.parse(a).blocks, folder: "", products: products),
                  let y = StepText.of(MarkdownParser.parse(b).blocks, folder: "", products: products) else { return -1 }
            return StepText.similarity(x, y)
        }
        #expect(similarity(same, reworded) >= 0.8, "\(String(describing: text(same))) vs \(String(describing: text(reworded)))")
        #expect(similarity(same, lookAlike) < 0.8)
        #expect(similarity(reworded, lookAlike) < 0.8)
    }

    @Test func asidesAndHowClausesAreLeftOut() {
        #expect(similarity("Open an elevated command prompt. If you're prompted for an administrator password, type it.",
                           "Open an elevated command prompt.") == 1)
        #expect(similarity("Start Registry Editor by using one of the following procedures:\n\n   - Press Windows+R and type regedit.",
                           "Open Registry Editor.") == 1)
        // A step that introduces a list is compared with its list when it opens nothing.
        #expect(similarity("Configure the proxy by using the following steps:\n\n   1. Open Settings.",
                           "Configure the proxy by using the following steps:\n\n   1. Open Control Panel.") == 0)
    }

    @Test func wordsOfAKnowledgeBaseExtendTheVocabulary() {
        var vocabulary = StepVocabulary.standard
        #expect(StepText.similarity(StepText.of(MarkdownParser.parse("Restart the VM.").blocks, folder: "", vocabulary: vocabulary)!,
                                    StepText.of(MarkdownParser.parse("Restart the computer.").blocks, folder: "", vocabulary: vocabulary)!) < 0.8)
        vocabulary.add(["computer", "VM", "virtual machine"])
        #expect(StepText.of(MarkdownParser.parse("Restart the VM.").blocks, folder: "", vocabulary: vocabulary)
                == StepText.of(MarkdownParser.parse("Restart the virtual machine.").blocks, folder: "", vocabulary: vocabulary))
        #expect(StepText.of(MarkdownParser.parse("Restart the VM.").blocks, folder: "", vocabulary: vocabulary)
                == StepText.of(MarkdownParser.parse("Restart the computer.").blocks, folder: "", vocabulary: vocabulary))
    }

    @Test func stemmingKeepsNamesAndCodes() {
        #expect(StepWords.stem("activating") == "activate")
        #expect(StepWords.stem("activated") == "activate")
        #expect(StepWords.stem("services") == "service")
        #expect(StepWords.stem("stopped") == "stop")
        #expect(StepWords.stem("windows") == "windows")
        #expect(StepWords.stem("0x80070005") == "0x80070005")
    }
}
