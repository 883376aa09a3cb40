// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "kbgen",
    products: [
        .executable(name: "kbgen", targets: ["kbgen"]),
        .library(name: "KBGenKit", targets: ["KBGenKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // The preview server of `kbgen serve` (docs/architecture.md says why this one).
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
    ],
    targets: [
        // libcmark-gfm from the system (Debian: libcmark-gfm-dev, libcmark-gfm-extensions-dev).
        .systemLibrary(
            name: "CMarkGFM",
            path: "Sources/CMarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        // gzip-compressed access logs (`kbgen feedback import`); zlib is in every Debian system.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(
            name: "KBGenKit",
            dependencies: [
                "CMarkGFM",
                "CZlib",
                "Yams",
            ],
            plugins: ["EmbedTheme"]
        ),
        // The default theme, from Templates/, built into KBGenKit (Plugins/EmbedTheme).
        .executableTarget(name: "kbgen-embed"),
        .plugin(name: "EmbedTheme", capability: .buildTool(), dependencies: ["kbgen-embed"]),
        .executableTarget(
            name: "kbgen",
            dependencies: [
                "KBGenKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "FlyingFox", package: "FlyingFox"),
                .product(name: "FlyingSocks", package: "FlyingFox"),
            ],
            // jemalloc (Debian: libjemalloc-dev) in place of glibc's malloc: a build allocates
            // millions of small texts and arrays on every core (docs/architecture.md).
            linkerSettings: [.linkedLibrary("jemalloc", .when(platforms: [.linux]))]
        ),
        // Measuring kbgen against generated corpora: `make bench`.
        .target(name: "KBGenBench", dependencies: ["KBGenKit"]),
        .executableTarget(name: "kbgen-bench", dependencies: ["KBGenKit", "KBGenBench"]),
        .testTarget(
            name: "KBGenKitTests",
            dependencies: ["KBGenKit", "KBGenBench"],
            exclude: ["Fixtures", "Browser"]
        ),
    ]
)
