import OrkValue

/// What a persistence directory held.
struct RecoveredState {
    var tables: StoreContents = [:]
    var resourceVersion: Int64 = 0
    /// The sequence number for the log this run writes.
    var nextLogSequence = 1
    /// Bytes of a torn last record that were dropped (0 when the logs ended cleanly).
    var droppedBytes = 0
    var lock: DirectoryLock
}

/// Loading a persistence directory: the snapshot, then the logs after it, dropping a torn last record.
enum Recovery {
    /// The sequence of a log file name (`log.0000000012`), or nil for other files.
    static func logSequence(_ name: String) -> Int? {
        guard name.hasPrefix("log.") else { return nil }
        let digits = name.dropFirst(4)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(digits)
    }

    static func recover(_ settings: SandboxPersistence) throws(SandboxError) -> RecoveredState {
        let directory = settings.directory
        try Posix.makeDirectories(directory)
        var state = RecoveredState(lock: try DirectoryLock(directory: directory))
        Posix.removeFile(directory + "/snapshot.tmp")
        var firstLog = 1
        var snapshotVersion: Int64 = 0
        if let bytes = try Posix.readFile(directory + "/snapshot") {
            (snapshotVersion, firstLog) = try loadSnapshot(bytes, into: &state, path: directory + "/snapshot")
        }
        var sequences: [Int] = []
        for name in try Posix.fileNames(in: directory) {
            guard let sequence = logSequence(name) else { continue }
            if sequence < firstLog {
                Posix.removeFile(directory + "/" + name)
            } else {
                sequences.append(sequence)
            }
        }
        sequences.sort()
        for (index, sequence) in sequences.enumerated() {
            let path = directory + "/" + PersistentLog.fileName(sequence: sequence)
            guard let bytes = try Posix.readFile(path) else { continue }
            let parsed = RecordFraming.parse(bytes)
            for payload in parsed.payloads {
                guard let (record, version) = LogRecord.decode(payload) else {
                    throw SandboxError.internalError("persistence: \(path) holds a record that is not valid")
                }
                if version > snapshotVersion { apply(record, version, to: &state) }
            }
            switch parsed.damage {
            case nil:
                break
            case .tornTail(let offset) where index == sequences.count - 1:
                state.droppedBytes = bytes.count - offset
                try Posix.truncateFile(path, length: offset)
            case .tornTail(let offset), .corrupt(let offset):
                throw SandboxError.internalError(
                    "persistence: \(path) is corrupt at byte \(offset) with data after it; truncate it there or remove the directory to start afresh")
            }
        }
        state.resourceVersion = max(state.resourceVersion, snapshotVersion)
        state.nextLogSequence = max(firstLog, (sequences.last ?? 0) + 1)
        return state
    }

    private static func loadSnapshot(_ bytes: [UInt8], into state: inout RecoveredState, path: String) throws(SandboxError) -> (Int64, Int) {
        let parsed = RecordFraming.parse(bytes)
        let corrupt = SandboxError.internalError("persistence: \(path) is corrupt; remove it and the logs to start afresh")
        guard parsed.damage == nil, let first = parsed.payloads.first, parsed.payloads.count >= 2,
              let header = try? JSONValue.parse(bytes: first), header["op"]?.stringValue == "snapshot",
              let version = header["rv"]?.intValue, let sequence = header["seq"]?.intValue, let count = header["count"]?.intValue,
              let last = parsed.payloads.last, (try? JSONValue.parse(bytes: last))?["op"]?.stringValue == "end",
              parsed.payloads.count == count + 2 else {
            throw corrupt
        }
        for payload in parsed.payloads.dropFirst().dropLast() {
            guard let (record, objectVersion) = LogRecord.decode(payload) else { throw corrupt }
            apply(record, objectVersion, to: &state)
        }
        return (Int64(version), sequence)
    }

    private static func apply(_ record: LogRecord, _ version: Int64, to state: inout RecoveredState) {
        state.resourceVersion = max(state.resourceVersion, version)
        switch record {
        case .put(let storage, let namespace, let name, let object):
            state.tables[storage, default: [:]][namespace, default: [:]][name] = StoredObject(object: object, resourceVersion: version)
        case .delete(let storage, let namespace, let name):
            state.tables[storage]?[namespace]?[name] = nil
            if state.tables[storage]?[namespace]?.isEmpty ?? false { state.tables[storage]?[namespace] = nil }
        }
    }
}
