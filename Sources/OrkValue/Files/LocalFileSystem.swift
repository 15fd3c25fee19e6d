import FoundationEssentials

/// How text files are read: the files a Katalog references (crdFile, crFiles), kubeconfigs, the
/// service account's namespace. Tests substitute their own.
public protocol TextFileSystem: Sendable {
    /// The text of the file at `path`, or nil when it does not exist or cannot be read.
    func readText(atPath path: String) -> String?
}

/// Reads text files from the local disk.
public struct LocalFileSystem: TextFileSystem {
    /// Files larger than this are refused (a Katalog or CRD file is never this big).
    public static let maxFileSize = 16 * 1024 * 1024

    public init() {}

    public func readText(atPath path: String) -> String? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              (attributes[.type] as? FileAttributeType) == .typeRegular,
              let size = Self.byteCount(attributes[.size]), size <= Self.maxFileSize,
              let data = FileManager.default.contents(atPath: path)
        else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// A file size from `attributesOfItem`: FoundationEssentials gives `UInt`, Foundation bridged it to
    /// `Int` (a test process that links Foundation casts either way; the binaries do not).
    static func byteCount(_ value: Any?) -> Int? {
        switch value {
        case let size as UInt: return Int(exactly: size)
        case let size as UInt64: return Int(exactly: size)
        case let size as Int: return size
        case let size as Int64: return Int(exactly: size)
        default: return nil
        }
    }
}
