#!/usr/bin/env python3
"""Deterministic synthetic knowledge base of fix articles, for kbgen's benchmark and tests.

    corpus.py --articles N --seed S --out DIR [--format kbgen|hugo]

kbgen format: DIR/<topic>/<slug>.md plus DIR/_truth.json.
hugo format:  DIR/config.toml, DIR/content/<topic>/<slug>.md (headings carry {#id} instead of
              kbgen's attribute block), DIR/layouts/ and DIR/_truth.json.

Each article has front matter (title, summary, error_codes, products, tags, updated), an
introduction, Symptoms, sometimes Cause, 2 to 6 solutions `## Title {likelihood=.. effort=..}`
with 2 to 8 steps each, and sometimes a table, a code block and More information. Steps are drawn
from a fixed pool of step templates; about a third of the repeats of a template are written as a
near-duplicate variant (a lowercase first letter, "click" for "click on", an added "the", an
added "folder", a dropped final period, Title Case). Some templates are near misses of each other
that must never be merged (Stop/Start, /ScanHealth and /RestoreHealth). Rare words drawn
log-uniformly from a large space make the vocabulary grow with the corpus, as in real knowledge
bases.

_truth.json: {"templates": [{"id", "text", "variants": [text, ...]}],
              "symptoms": {topic: [[as the article words it, as a reader types it], ...]},
              "articles": [{"path", "topic", "codes", "symptom" (index in its topic's symptoms),
                            "solutions": [{"heading", "likelihood", "effort"}],
                            "order": [solution indexes as kbgen shows them],
                            "steps": [[solution, step, template id or null, variant (0 = as
                                       written in the template), link target or null]]}]}

The output depends only on the arguments: no clock, no hash order.
"""

import argparse
import json
import os
import random
import re
import shutil
import sys

WORDS = {"high": 0.7, "medium": 0.4, "low": 0.15}

TOPICS = [
    ("windows-update", "Windows Update", ["Windows 11", "Windows 10", "Windows Server 2022"],
     ["0x80070005", "0x800f081f", "0x80073712", "0x8024402c", "0x800f0922", "0x80070002"],
     ["Windows Update", "Background Intelligent Transfer Service"], ["Settings", "Update history"],
     [r"C:\Windows\SoftwareDistribution\Download", r"C:\Windows\System32\catroot2"],
     ["net stop wuauserv", "net start bits", "UsoClient StartScan"]),
    ("remote-desktop", "Remote Desktop", ["Windows 11", "Windows Server 2019", "Azure Virtual Desktop"],
     ["0x904", "0x204", "0x4", "0x7", "0x112f", "0x3000046"],
     ["Remote Desktop Services", "Remote Desktop Services UserMode Port Redirector"], ["Remote Desktop Connection", "System Properties"],
     [r"%LOCALAPPDATA%\Microsoft\Terminal Server Client\Cache", r"C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys"],
     ["mstsc /admin", "qwinsta /server:HOST", "Test-NetConnection -ComputerName HOST -Port 3389"]),
    ("outlook", "Outlook", ["Outlook for Microsoft 365", "Outlook 2021", "Exchange Online"],
     ["0x800CCC0E", "0x8004010F", "0x80040600", "0x800CCC92", "0x80070005"],
     ["Windows Search", "Microsoft Office ClickToRun Service"], ["Outlook", "Mail (Microsoft Outlook)"],
     [r"%LOCALAPPDATA%\Microsoft\Outlook", r"%APPDATA%\Microsoft\Outlook"],
     ["outlook.exe /safe", "outlook.exe /resetnavpane", "outlook.exe /cleanviews"]),
    ("printing", "Printing", ["Windows 11", "Windows 10", "Windows Server 2022"],
     ["0x00000709", "0x0000011b", "0x00000bcb", "0x8007007e", "0x000006ba"],
     ["Print Spooler", "Printer Extensions and Notifications"], ["Printers & scanners", "Print Management"],
     [r"C:\Windows\System32\spool\PRINTERS", r"C:\Windows\System32\spool\drivers\x64\3"],
     ["net stop spooler", "net start spooler", "printui /s /t2"]),
    ("vpn", "VPN", ["Windows 11", "Always On VPN", "Azure VPN Gateway"],
     ["809", "691", "0x80072746", "720", "789"],
     ["Remote Access Connection Manager", "IKE and AuthIP IPsec Keying Modules"], ["VPN settings", "Network Connections"],
     [r"%APPDATA%\Microsoft\Network\Connections\Pbk", r"C:\ProgramData\Microsoft\Network\Connections\Pbk"],
     ["rasdial", "Get-VpnConnection", "route print -4"]),
    ("networking", "Networking", ["Windows 11", "Windows 10", "Windows Server 2019"],
     ["0x80070035", "0x800704cf", "0x80004005", "0x8007003a"],
     ["DHCP Client", "DNS Client"], ["Network Connections", "Network and Sharing Center"],
     [r"C:\Windows\System32\drivers\etc", r"C:\ProgramData\Microsoft\Network"],
     ["ipconfig /flushdns", "netsh winsock reset", "netsh int ip reset"]),
    ("teams", "Microsoft Teams", ["Microsoft Teams", "Microsoft 365 Apps"],
     ["caa70004", "caa20002", "0xCAA82EE2", "0x80090016"],
     ["Web Account Manager", "Microsoft Teams Meeting Add-in"], ["Microsoft Teams", "Task Manager"],
     [r"%APPDATA%\Microsoft\Teams", r"%LOCALAPPDATA%\Packages\MSTeams_8wekyb3d8bbwe\LocalCache"],
     ["taskkill /F /IM ms-teams.exe", "dsregcmd /status", "Get-AppxPackage MSTeams"]),
    ("onedrive", "OneDrive", ["OneDrive", "OneDrive for Business", "SharePoint Online"],
     ["0x8004de40", "0x80070194", "0x8004de90", "0x80071129"],
     ["OneDrive Updater Service", "Windows Push Notifications System Service"], ["OneDrive", "File Explorer"],
     [r"%LOCALAPPDATA%\Microsoft\OneDrive", r"%USERPROFILE%\OneDrive - Contoso"],
     ["onedrive.exe /reset", "onedrive.exe /shutdown", "attrib -U +P /s"]),
    ("activation", "Activation", ["Windows 11", "Microsoft 365 Apps", "Windows Server 2022"],
     ["0xC004F074", "0xC004C003", "0x8007232B", "0xC004F050"],
     ["Software Protection", "Office Software Protection Platform"], ["Activation settings", "Microsoft Store"],
     [r"C:\Windows\System32\spp\store", r"C:\ProgramData\Microsoft\OfficeSoftwareProtectionPlatform"],
     ["slmgr /dlv", "slmgr /ato", "cscript ospp.vbs /dstatus"]),
    ("bluetooth", "Bluetooth", ["Windows 11", "Windows 10", "Surface Pro 9"],
     ["0x80070490", "0x8007001f", "0x8007045d"],
     ["Bluetooth Support Service", "Bluetooth Audio Gateway Service"], ["Device Manager", "Bluetooth settings"],
     [r"C:\Windows\System32\DriverStore\FileRepository", r"C:\Windows\INF"],
     ["pnputil /enum-devices /class Bluetooth", "Get-PnpDevice -Class Bluetooth", "devmgmt.msc"]),
    ("storage", "Storage", ["Windows 11", "Windows Server 2022"],
     ["0x80070570", "0x8007045d", "0x80070017", "0x80070070"],
     ["Storage Service", "Volume Shadow Copy"], ["Disk Management", "Storage Sense"],
     [r"C:\Windows\Temp", r"C:\$Recycle.Bin"],
     ["chkdsk C: /f", "defrag C: /O", "vssadmin list shadows"]),
    ("browser", "Browser", ["Microsoft Edge", "Google Chrome"],
     ["STATUS_ACCESS_VIOLATION", "ERR_CONNECTION_RESET", "0x80072efd", "ERR_SSL_PROTOCOL_ERROR"],
     ["Microsoft Edge Update Service", "Google Update Service"], ["Microsoft Edge", "Google Chrome"],
     [r"%LOCALAPPDATA%\Microsoft\Edge\User Data\Default\Cache", r"%LOCALAPPDATA%\Google\Chrome\User Data\Default"],
     ["msedge.exe --disable-extensions", "chrome.exe --disable-gpu", "certutil -urlcache * delete"]),
]

GENERIC = [
    "Restart the computer.", "Sign out of Windows, and then sign back in.", "Close all open applications.",
    "Wait a few minutes, and then try again.", "Make sure that you are signed in with an administrator account.",
    "Temporarily disable any third-party antivirus software.", "Install the latest updates from Windows Update.",
    "Disconnect all external USB devices except the keyboard and mouse.", "Create a system restore point before you continue.",
    "Press Windows+R, type `services.msc`, and then press Enter.", "Press Windows+R, type `regedit`, and then press Enter.",
    "Press Windows+R, type `gpedit.msc`, and then press Enter.", "Press Windows+R, type `eventvwr.msc`, and then press Enter.",
    "Press Windows+R, type `certlm.msc`, and then press Enter.", "Press Windows+R, type `appwiz.cpl`, and then press Enter.",
    "Click Start, type **Command Prompt**, right-click the result, and then select **Run as administrator**.",
    "Click Start, type **PowerShell**, right-click the result, and then select **Run as administrator**.",
    "Select **Yes** when the User Account Control prompt appears.",
    "Open an elevated Command Prompt and run `sfc /scannow`.",
    "Run `DISM /Online /Cleanup-Image /RestoreHealth` from an elevated Command Prompt.",
    "Run `DISM /Online /Cleanup-Image /ScanHealth` from an elevated Command Prompt.",
    "Run `gpupdate /force` to refresh Group Policy.", "Open Event Viewer and expand **Windows Logs** > **Application**.",
    "Open Event Viewer and expand **Windows Logs** > **System**.",
    "Right-click the value, select **Modify**, and set the value data to `0`.",
    "Right-click the value, select **Modify**, and set the value data to `1`.",
    "Close Registry Editor and restart the computer.", "Open Control Panel and select **Programs and Features**.",
    "Open Credential Manager and select **Windows Credentials**.", "Open Task Manager by pressing Ctrl+Shift+Esc.",
    "Check the system date, time, and time zone.", "Sync the clock by running `w32tm /resync`.",
    "Verify that the firewall allows the connection on port 443.", "Verify that the firewall allows the connection on port 3389.",
    "Start the computer in Safe Mode.", "Click **Apply**, and then click **OK**.",
    "Click **Next** and follow the on-screen instructions.", "Check whether the issue is resolved.",
    "If the error still occurs, continue with the next solution.",
]
# What a reader sees, per topic: as the article words it, and as a reader types it (other words,
# the kind a search must match through stems and synonyms). Search queries are made from these.
SYMPTOMS = {
    "windows-update": [("Updates download but fail to install and roll back after the restart.",
                        "update installs then reverts after reboot"),
                       ("The update is stuck at 0% while it downloads.", "windows update stuck downloading"),
                       ("The installation fails because the disk does not have enough free space.",
                        "update fails not enough disk space")],
    "remote-desktop": [("The remote session disconnects a few seconds after you sign in.",
                        "remote desktop drops right after logging on"),
                       ("The client keeps asking for credentials although the password is right.",
                        "rdp prompts for password again and again"),
                       ("The screen stays black after the connection is made.", "remote desktop black screen")],
    "outlook": [("Outlook prompts for the password repeatedly.", "outlook keeps asking for my credentials"),
                ("Messages stay in the Outbox and are never sent.", "emails stuck in outbox"),
                ("Outlook stops responding while the profile loads.", "outlook freezes on loading profile")],
    "printing": [("The printer is shown as offline although it is switched on.", "printer says offline but it is on"),
                 ("Print jobs stay in the queue and cannot be deleted.", "cannot delete stuck print job"),
                 ("Printed pages come out blank.", "printer prints empty pages")],
    "vpn": [("The connection is dropped every few minutes.", "vpn keeps disconnecting"),
            ("The VPN connects but no internal site can be reached.", "connected to vpn but cannot reach intranet"),
            ("Signing in to the VPN fails with a message that the credentials are wrong.", "vpn login rejected wrong password")],
    "networking": [("Shared folders on other computers cannot be opened.", "cannot access network share on other pc"),
                   ("The network icon shows no internet access although web pages load.", "says no internet but browsing works"),
                   ("Names of computers on the network do not resolve.", "dns does not resolve machine names")],
    "teams": [("Teams signs you out every time it starts.", "teams logs me out on startup"),
              ("The camera is not detected during meetings.", "webcam not working in teams meeting"),
              ("Teams opens with a white window and never loads.", "teams blank white screen")],
    "onedrive": [("Files stay in the Sync pending state.", "onedrive not syncing files"),
                 ("OneDrive asks to sign in again every day.", "onedrive keeps asking me to log in"),
                 ("Deleted files come back after the next sync.", "removed files reappear after syncing")],
    "activation": [("Windows reports that it is not activated after a hardware change.",
                    "windows unactivated after replacing motherboard"),
                   ("The product key is rejected as not valid.", "license key not accepted"),
                   ("Office shows a product notice that the subscription has expired.", "office says subscription expired")],
    "bluetooth": [("The headset pairs but no sound is played.", "bluetooth headphones connected but no audio"),
                  ("The Bluetooth toggle is missing from Settings.", "bluetooth switch disappeared"),
                  ("The mouse disconnects after a few minutes of idle time.", "bluetooth mouse keeps dropping connection")],
    "storage": [("The disk is shown as full although few files are on it.", "drive full but no big files"),
                ("The drive letter is missing in File Explorer.", "hard drive not showing in explorer"),
                ("Copying large files fails halfway.", "copy of big file fails in the middle")],
    "browser": [("Pages fail to load with a message that the connection was reset.", "websites won't open connection reset"),
                ("The browser closes itself while pages load.", "browser crashes when loading pages"),
                ("Extensions are turned off after every restart.", "add-ons disabled after reboot")],
}

LINK_STEPS = ["If the issue persists, see {link}.", "Follow the steps in {link} first.", "For background, read {link}."]
FIX_VERBS = ["Restart", "Reset", "Repair", "Reinstall", "Clear", "Check", "Update", "Re-register", "Rebuild", "Turn off"]
FIX_OBJECTS = ["the {service} service", "the cache in {app}", "the {app} settings", "the network configuration",
               "the user profile", "the device driver", "the component store", "the credentials", "the security software",
               "the registry settings"]
EFFORTS = ["2m", "5m", "5m", "10m", "10m", "15m", "30m", "30m", "45m", "1h", "1h30m", "2h"]
SYLLABLES = ["ka", "ri", "to", "mel", "van", "sor", "dex", "lin", "tra", "po", "quen", "bal", "ser", "nor", "fi",
             "gal", "tem", "ux", "ro", "zen", "ad", "mur", "ply", "ost", "cle", "vin", "hab", "ter", "nel", "is"]


def slugify(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:70].strip("-") or "article"


def anchor_of(heading):
    """The anchor kbgen and Hugo give a heading: its whole slug, never shortened."""
    return re.sub(r"[^a-z0-9]+", "-", heading.lower()).strip("-")


def quoted(text):
    return json.dumps(text, ensure_ascii=False)


def seed_of(i):
    return i * 104729 + 17


def rare_word(rank):
    r = random.Random(rank * 7919 + 13)
    return "".join(r.choice(SYLLABLES) for _ in range(r.randint(2, 4)))


def rare_sentence(rng):
    words = [rare_word(int(10 ** (6 * rng.random()))) for _ in range(3)]
    return rng.choice([
        "Administrators also reported the {0} warning next to {1} in the {2} log.",
        "The problem was traced to `{0}.dll` on the {1} host with the {2} policy.",
        "If the `{0}{1}` registry value exists, note its data before you change it; see also {2}.",
    ]).format(*words)


# ---- near-duplicate variants ------------------------------------------------

PROTECTED = re.compile(r"(`[^`]*`|\*\*[^*]*\*\*|\{link\})")


def outside_code(text, fn):
    parts = PROTECTED.split(text)
    return "".join(p if i % 2 else fn(p) for i, p in enumerate(parts))


def v_lower_first(t):
    return t[0].lower() + t[1:] if t[:1].isupper() else None


def v_click_on(t):
    if "click on " in t.lower() or not re.search(r"\b[Cc]lick \*\*", t):
        return None
    return re.sub(r"\b([Cc]lick) \*\*", r"\1 on **", t, count=1)


def v_add_the(t):
    m = re.search(r"\b(Open|open|Restart|restart|In|in|expand|Expand) (?!the |a |an |`|\*\*)(?=[A-Z])", t)
    return t[:m.end()] + "the " + t[m.end():] if m else None


def v_folder(t):
    m = re.search(r"`[^`]*\\[^`]*`(?! folder)", t)
    return t[:m.end()] + " folder" + t[m.end():] if m else None


def v_period(t):
    return t[:-1] if t.endswith(".") else None


def v_title(t):
    r = outside_code(t, lambda p: re.sub(r"\b([a-z])", lambda m: m.group(1).upper(), p))
    return r if r != t else None


TRANSFORMS = [v_lower_first, v_click_on, v_add_the, v_folder, v_period, v_title]


def variants(text):
    out = []
    for f in TRANSFORMS:
        v = f(text)
        if v and v != text and v not in out:
            out.append(v)
    return out[:4]


# ---- templates ----------------------------------------------------------------

def templates():
    pool = []
    by_text = {}

    def add(text, topic):
        # One text is one template, even when two topics write it (both have "Network Connections").
        if text in by_text:
            by_text[text]["topics"].append(topic)
            return
        t = {"id": "S%03d" % (len(pool) + 1), "topics": [topic], "text": text, "variants": variants(text)}
        by_text[text] = t
        pool.append(t)

    for text in GENERIC:
        add(text, None)
    for text in LINK_STEPS:
        pool.append({"id": "S%03d" % (len(pool) + 1), "topics": [None], "text": text, "variants": [], "link": True})
    for slug, _name, _products, _codes, services, apps, paths, cmds in TOPICS:
        for app in apps:
            add("Open %s." % app, slug)
        for service in services:
            add("Restart the %s service." % service, slug)
            add("In Services, right-click **%s**, and then click **Stop**." % service, slug)
            add("In Services, right-click **%s**, and then click **Start**." % service, slug)
        for path in paths:
            add("Navigate to `%s`." % path, slug)
            add("Delete all files and subfolders in `%s`." % path, slug)
        for cmd in cmds:
            add("Open an elevated Command Prompt and run `%s`." % cmd, slug)
            add("Run `%s` and review the output." % cmd, slug)
    return pool


# ---- articles -----------------------------------------------------------------

class Corpus:
    def __init__(self, n, seed):
        self.rng = random.Random(seed)
        self.pool = templates()
        self.by_topic = {}
        for t in self.pool:
            for topic in t["topics"]:
                self.by_topic.setdefault(topic, []).append(t)
        self.generic = [t for t in self.pool if None in t["topics"] and not t.get("link")]
        self.links = [t for t in self.pool if t.get("link")]
        self.seen = set()
        self.articles = self.plan(n)

    def plan(self, n):
        rng, used, arts = self.rng, set(), []
        for i in range(n):
            topic = TOPICS[min(int(rng.paretovariate(1.2)) - 1, len(TOPICS) - 1)]
            slug_, name, products, codes = topic[0], topic[1], topic[2], topic[3]
            code = rng.choice(codes)
            title = rng.choice([
                "Fix error %s in %s" % (code, name), "%s error %s after an update" % (name, code),
                "%s stops working with error %s" % (name, code), "Error %s when you start %s" % (code, topic[5][0]),
                "%s fails on %s with %s" % (name, rng.choice(products), code)])
            base = slugify(title)
            slug, k = base, 2
            while (slug_, slug) in used:
                slug, k = "%s-%d" % (base, k), k + 1
            used.add((slug_, slug))
            # Drawn from a generator of its own, so that the rest of the corpus is as it was.
            symptom = random.Random(seed_of(i)).randrange(len(SYMPTOMS[slug_]))
            arts.append({"topic": topic, "path": "%s/%s.md" % (slug_, slug), "title": title, "code": code, "symptom": symptom,
                         "codes": list(dict.fromkeys([code] + rng.sample(codes, rng.randint(0, 2)))),
                         "products": rng.sample(products, rng.randint(1, len(products))),
                         "tags": [slug_] + rng.sample(["after-update", "permissions", "registry", "cache", "drivers",
                                                       "firewall", "credentials", "services", "powershell"], rng.randint(1, 3)),
                         "updated": "20%02d-%02d-%02d" % (rng.randint(19, 26), rng.randint(1, 12), rng.randint(1, 28))})
        return arts

    def step(self, article, rng):
        if rng.random() < 0.05 and len(self.articles) > 1:
            t = rng.choice(self.links)
            other = rng.choice(self.articles)
            while other is article:
                other = rng.choice(self.articles)
            rel = os.path.relpath(other["path"], os.path.dirname(article["path"]))
            link = "[%s](%s)" % (other["title"], rel)
            return t, 0, t["text"].replace("{link}", link), other["path"]
        pool = self.by_topic[article["topic"][0]] if rng.random() < 0.55 else self.generic
        # popular steps come up far more often, as in real knowledge bases
        t = pool[min(int(rng.expovariate(0.25)), len(pool) - 1)]
        variant = 0
        if t["id"] in self.seen and t["variants"] and rng.random() < 0.33:
            variant = rng.randrange(len(t["variants"])) + 1
        self.seen.add(t["id"])
        return t, variant, t["text"] if variant == 0 else t["variants"][variant - 1], None

    def render(self, article):
        rng = self.rng
        topic = article["topic"]
        services, apps = topic[4], topic[5]
        fm = ["---", "title: " + quoted(article["title"]),
              "summary: " + quoted("How to resolve %s when %s stops working." % (article["code"], topic[1])),
              "error_codes: [%s]" % ", ".join(quoted(c) for c in article["codes"]),
              "products: [%s]" % ", ".join(quoted(p) for p in article["products"]),
              "tags: [%s]" % ", ".join(quoted(t) for t in article["tags"]),
              "updated: " + article["updated"], "---", ""]
        body = ["You may see error `%s` in %s. %s" % (article["code"], topic[1], rare_sentence(rng)), "",
                "## Symptoms", "", "- %s reports %s." % (apps[0], article["code"]),
                "- " + SYMPTOMS[topic[0]][article["symptom"]][0],
                "- The problem started after %s." % rng.choice(["an update", "a restart", "a password change"]), ""]
        if rng.random() < 0.4:
            body += ["## Cause", "", "The %s service stops responding. %s" % (services[0], rare_sentence(rng)), ""]
        if rng.random() < 0.1:
            body += ["| Code | Meaning |", "| --- | --- |"] + ["| `%s` | %s |" % (c, rng.choice(["Access denied", "Timeout", "Not found"]))
                                                            for c in topic[3][:3]] + [""]
        kb, hugo = list(body), list(body)
        solutions, rows, taken = [], [], set()
        for si in range(rng.randint(2, 6)):
            verb = rng.choice(FIX_VERBS)
            heading = "%s %s" % (verb, rng.choice(FIX_OBJECTS).format(service=rng.choice(services), app=rng.choice(apps)))
            anchor = anchor_of(heading)
            if anchor in taken:
                heading += " (second pass %d)" % (si + 1)
                anchor = anchor_of(heading)
            taken.add(anchor)
            if rng.random() < 0.65:
                raw = ("%.2f" % rng.uniform(0.05, 0.95)).rstrip("0").rstrip(".")
                value = float(raw)
            elif rng.random() < 0.5:
                raw = rng.choice(list(WORDS))
                value = WORDS[raw]
            else:
                pct = rng.randint(5, 95)
                raw, value = "%d%%" % pct, pct / 100
            effort = rng.choice(EFFORTS) if rng.random() < 0.93 else None
            attrs = ["likelihood=" + raw] + (["effort=" + effort] if effort else [])
            if rng.random() < 0.2:
                attrs.reverse()
            solutions.append({"heading": heading, "likelihood": value, "effort": effort})
            kb += ["## %s {%s}" % (heading, " ".join(attrs)), ""]
            hugo += ["## %s {#%s}" % (heading, anchor), ""]
            sec = []
            if rng.random() < 0.4:
                sec += [rare_sentence(rng), ""]
            chosen = []
            for k in range(rng.randint(2, 8)):
                for _ in range(10):
                    t, variant, text, target = self.step(article, rng)
                    if t["id"] not in chosen or t.get("link"):
                        break
                chosen.append(t["id"])
                rows.append([si, k, t["id"], variant, target])
                sec.append("%d. %s" % (k + 1, text))
            sec.append("")
            if rng.random() < 0.2:
                sec += ["```powershell", "Get-Service -Name '%s' | Restart-Service" % services[0], "```", ""]
            kb += sec
            hugo += sec
        if rng.random() < 0.25:
            more = ["## More information", "", rare_sentence(rng) + " " + rare_sentence(rng), ""]
            kb += more
            hugo += more

        def minutes(e):
            if not e:
                return float("inf")
            h = re.match(r"(?:(\d+)h)?(?:(\d+)m)?$", e)
            return int(h.group(1) or 0) * 60 + int(h.group(2) or 0)
        order = sorted(range(len(solutions)), key=lambda i: (-solutions[i]["likelihood"], minutes(solutions[i]["effort"]), i))
        head = "\n".join(fm) + "\n"
        return head + "\n".join(kb).rstrip() + "\n", head + "\n".join(hugo).rstrip() + "\n", solutions, order, rows


HUGO_CONFIG = """baseURL = "https://kb.example.com/"
title = "Fix guides"
disableKinds = ["RSS", "sitemap", "robotsTXT", "404"]

[taxonomies]
  tag = "tags"
  product = "products"
  error_code = "error_codes"

[markup.goldmark.parser.attribute]
  title = true
"""

HUGO_LAYOUTS = {
    "_default/baseof.html": '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>\n'
                            '<body><header><a href="{{ "/" | relURL }}">{{ site.Title }}</a></header>\n'
                            '<main>{{ block "main" . }}{{ end }}</main></body></html>\n',
    "_default/single.html": '{{ define "main" }}<article><h1>{{ .Title }}</h1><p>{{ .Params.summary }}</p>\n'
                            '<ul>{{ range .GetTerms "error_codes" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}\n'
                            '{{ range .GetTerms "products" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}\n'
                            '{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>\n'
                            '{{ .Content }}</article>{{ end }}\n',
    "_default/list.html": '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">'
                          '{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n',
    "_default/taxonomy.html": '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.ByCount }}<li>'
                              '<a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}\n',
    "_default/term.html": '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">'
                          '{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n',
    "_default/_markup/render-link.html": '{{- $u := .Destination -}}{{- if strings.HasSuffix $u ".md" -}}'
                                         '{{- $u = replaceRE `\\.md$` "/" $u -}}{{- $u = printf "../%s" $u -}}{{- end -}}'
                                         '<a href="{{ $u | safeURL }}">{{ .Text | safeHTML }}</a>',
}


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    ap.add_argument("--format", choices=["kbgen", "hugo"], default="kbgen")
    args = ap.parse_args()
    if os.path.exists(args.out):
        if not os.path.isfile(os.path.join(args.out, "_truth.json")):
            ap.error("%s exists and was not made by this generator; choose another --out" % args.out)
        shutil.rmtree(args.out)
    corpus = Corpus(args.articles, args.seed)
    root = os.path.join(args.out, "content") if args.format == "hugo" else args.out
    truth = {"seed": args.seed, "articles_count": args.articles, "format": args.format, "likelihood_words": WORDS,
             "templates": [{"id": t["id"], "text": t["text"], "variants": t["variants"]} for t in corpus.pool],
             "symptoms": SYMPTOMS, "articles": []}
    for a in corpus.articles:
        kb, hugo, solutions, order, rows = corpus.render(a)
        write(os.path.join(root, a["path"]), hugo if args.format == "hugo" else kb)
        truth["articles"].append({"path": a["path"], "solutions": solutions, "order": order, "steps": rows,
                                  "topic": a["topic"][0], "codes": a["codes"], "symptom": a["symptom"]})
    if args.format == "hugo":
        write(os.path.join(args.out, "config.toml"), HUGO_CONFIG)
        for name, text in HUGO_LAYOUTS.items():
            write(os.path.join(args.out, "layouts", name), text)
    with open(os.path.join(args.out, "_truth.json"), "w", encoding="utf-8") as f:
        json.dump(truth, f, ensure_ascii=False, separators=(",", ":"))
    steps = sum(len(a["steps"]) for a in truth["articles"])
    print("%s: %d articles, %d steps, %d step templates" % (args.out, args.articles, steps, len(corpus.pool)), file=sys.stderr)


if __name__ == "__main__":
    main()
