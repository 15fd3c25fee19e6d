import Foundation
import OrkTemplate
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// printf's floats are Go's whatever the C locale says: `ork control` adopts the user's locale, and
/// under a comma-decimal LC_NUMERIC C's printf would write "1,50".
struct PrintfLocaleTests {
    @Test func floatsKeepTheDotUnderACommaDecimalLocale() throws {
        guard let comma = try CommaLocale.make() else {
            print("PrintfLocaleTests: skipped — no comma-decimal locale is installed and none can be compiled (localedef, de_DE sources)")
            return
        }
        defer { freelocale(comma) }
        let previous = uselocale(comma)
        defer { _ = uselocale(previous) }
        // The test would prove nothing if C's printf on this thread did not write a comma now.
        #expect(CommaLocale.cFormat(1.5) == "1,50")
        let text = try TemplateFixture.render(#"{{ printf "%.2f|%8.3f|%.1e|%G|%+.0f" 1.5 2.25 1500.0 0.5 3.0 }}"#)
        #expect(text == "1.50|   2.250|1.5e+03|0.5|+3")
    }
}

/// A thread locale whose LC_NUMERIC writes "," as the decimal point: an installed one, or de_DE
/// compiled with localedef into a temporary directory (nothing is installed on the machine).
enum CommaLocale {
    static func make() throws -> locale_t? {
        for name in ["de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8", "de_DE", "fr_FR"] {
            if let locale = newlocale(LC_NUMERIC_MASK, name, nil) { return locale }
        }
        let localedef = "/usr/bin/localedef"
        guard FileManager.default.isExecutableFile(atPath: localedef),
              FileManager.default.fileExists(atPath: "/usr/share/i18n/locales/de_DE") else { return nil }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ork-locale-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let compile = Process()
        compile.executableURL = URL(fileURLWithPath: localedef)
        compile.arguments = ["-i", "de_DE", "-f", "UTF-8", directory.appendingPathComponent("de_DE.UTF-8").path]
        compile.standardOutput = FileHandle.nullDevice
        compile.standardError = FileHandle.nullDevice
        try compile.run()
        compile.waitUntilExit()
        // newlocale reads LOCPATH on each call; it is set only around this one.
        setenv("LOCPATH", directory.path, 1)
        defer { unsetenv("LOCPATH") }
        guard let compiled = newlocale(LC_NUMERIC_MASK, "de_DE.UTF-8", nil) else {
            throw LocaleSetupFailure(text: "localedef exited \(compile.terminationStatus) and left no loadable de_DE.UTF-8")
        }
        return compiled
    }

    struct LocaleSetupFailure: Error { var text: String }

    /// C's printf("%.2f") on this thread, in whatever locale it uses now.
    static func cFormat(_ value: Double) -> String {
        var buffer = [CChar](repeating: 0, count: 64)
        let written = buffer.withUnsafeMutableBufferPointer { out in
            withVaList([value]) { vsnprintf(out.baseAddress, out.count, "%.2f", $0) }
        }
        guard written > 0, written < 64 else { return "" }
        return String(decoding: buffer.prefix(Int(written)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
