import Testing
import Foundation
import OrkValue
import Synchronization
@testable import OrkSandbox
#if canImport(Glibc)
import Glibc
#endif

/// Snapshot + append-only log: recovery, torn and corrupt records, monotonic versions, compaction.
@Suite struct PersistenceTests {
    func logFiles(_ directory: String) throws -> [String] {
        try Posix.fileNames(in: directory).filter { $0.hasPrefix("log.") }.sorted()
    }

    func state(_ store: SandboxStore) async throws -> [String] {
        var lines: [String] = []
        for resource in [Res.namespaces, Res.configMaps, Res.crds] {
            for item in try await store.list(resource, namespace: nil, options: .init()).items {
                lines.append("\(resource.plural) \(item.objectNamespace)/\(item.objectName) \(item.objectResourceVersion) \(item["data"]?.serialized() ?? "")")
            }
        }
        return lines
    }

    @Test func recoversEverythingAfterARestart() async throws {
        let directory = temporaryDirectory()
        defer { removeDirectory(directory) }
        let first = try SandboxStore(persistence: SandboxPersistence(directory: directory))
        _ = try await first.create(Res.namespaces, namespace: nil, object: ["metadata": ["name": "team"]], fieldManager: nil)
        for index in 0..<5 {
            _ = try await first.create(Res.configMaps, namespace: "team", object: configMap("c\(index)", data: ["i": String(index)]), fieldManager: nil)
        }
        _ = try await first.patch(Res.configMaps, namespace: "team", name: "c1", patch: .merge(["data": ["i": "changed"]]), subresource: nil)
        _ = try await first.delete(Res.configMaps, namespace: "team", name: "c2", options: .init())
        _ = try await first.create(Res.crds, namespace: nil, object: widgetCRD(), fieldManager: nil)
        _ = try await first.create(Res.widgetsV1, namespace: "team", object: widget("w"), fieldManager: nil)
        let before = try await state(first)
        let version = await first.resourceVersion
        await first.close()

        let second = try SandboxStore(persistence: SandboxPersistence(directory: directory))
        #expect(try await state(second) == before)
        #expect(await second.resourceVersion == version)
        #expect(await second.droppedBytesAtRecovery == 0)
        // CRDs are served again, their objects with them.
        #expect(try await second.get(Res.widgetsV1, namespace: "team", name: "w")["spec"] == ["size": 1])
        let next = try await second.create(Res.configMaps, namespace: "team", object: configMap("after"), fieldManager: nil)
        #expect(Int64(next.objectResourceVersion) == version + 1)
        await second.close()
    }

    @Test func tornLastRecordIsDropped() async throws {
        let directory = temporaryDirectory()
        defer { removeDirectory(directory) }
        let first = try SandboxStore(persistence: SandboxPersistence(directory: directory))
        _ = try await first.create(Res.configMaps, namespace: "default", object: configMap("kept"), fieldManager: nil)
        let keptVersion = await first.resourceVersion
        _ = try await first.create(Res.configMaps, namespace: "default", object: configMap("torn"), fieldManager: nil)
        await first.close()
        let log = directory + "/" + (try #require(try logFiles(directory).last))
        let size = try #require(try Posix.readFile(log)).count
        // A crash in the middle of the last write: cut it short.
        try Posix.truncateFile(log, length: size - 7)

        let second = try SandboxStore(persistence: SandboxPersistence(directory: directory))
        #expect(await second.droppedBytesAtRecovery > 0)
        #expect(try await second.list(Res.configMaps, namespace: "default", options: .init()).items.map(\.objectName) == ["kept"])
        #expect(await second.resourceVersion == keptVersion)
        // The file was repaired: a restart after more writes sees no damage.
        _ = try await second.create(Res.configMaps, namespace: "default", object: configMap("later"), fieldManager: nil)
        await second.close()
        let third = try SandboxStore(persistence: SandboxPersistence(directory: directory))
        #expect(await third.droppedBytesAtRecovery == 0)
        #expect(try await third.list(Res.configMaps, namespace: "default", options: .init()).items.map(\.objectName) == ["kept", "later"])
        await third.close()
    }

    @Test(arguments: [1, 4, 8])
    func tornHeadersAreDroppedToo(_ keep: Int) async throws {
        let directory = temporaryDirectory()
        defer { removeDirectory(directory) }
        let first = try SandboxStore(persistence: SandboxPersistence(directory: directory))
        _ = try await first.create(Res.configMaps, namespace: "default", object: configMap("kept"), fieldManager: nil)
        await first.close()
        let log = directory + "/" + (try #require(try logFiles(directory).last))
        let bytes = try #require(try Posix.readFile(log))
        // Only the first bytes of a following record made it to disk.
        let fd = try Posix.openFile(log, flags: O_WRONLY | O_APPEND)
        try Posix.writeAll(fd, Array(bytes.prefix(keep)), path: log)
        Posix.closeFile(fd)
        let second = try SandboxStore(persistence: SandboxPersistence(directory: directory))
        #expect(await second.droppedBytesAtRecovery == keep)
        #expect(try await second.list(Res.configMaps, namespace: "default", options: .init()).items.map(\.objectName) == ["kept"])
        await second.close()
    }

    @Test func corruptLastRecordIsDropped() async throws {
        let directory = temporaryDirectory()
        defer { removeDirectory(directory) }
        let first = try SandboxStore(persistence: SandboxPersistence(directory: directory))
        _ = try await first.create(Res.configMaps, namespace: "default", object: configMap("kept"), fieldManager: nil)
        _ = try await first.create(Res.configMaps, namespace: "default", object: configMap("corrupt", data: ["k": "value"]), fieldManager: nil)
        await first.close()
        let log = directory + "/" + (try #require(try logFiles(directory).last))
        var bytes = try #require(try Posix.readFile(log))
        bytes[bytes.count - 3] ^= 0xFF   // flip bits inside the last record's payload: its checksum fails
        let fd = try Posix.openFile(log, flags: O_WRONLY | O_TRUNC)
        try Posix.writeAll(fd, bytes, path: log)
        Posix.closeFile(fd)
        let second = try SandboxStore(persistence: SandboxPersistence(directory: directory))
        #expect(await second.droppedBytesAtRecovery > 0)
        #expect(try await second.list(Res.configMaps, namespace: "default", options: .init()).items.map(\.objectName) == ["kept"])
        await second.close()
    }

    @Test func corruptionBeforeTheEndIsAnError() async throws {
        let directory = temporaryDirectory()
        defer { removeDirectory(directory) }
        let first = try SandboxStore(persistence: SandboxPersistence(directory: directory))
        _ = try await first.create(Res.configMaps, namespace: "default", object: configMap("a"), fieldManager: nil)
        _ = try await first.create(Res.configMaps, namespace: "default", object: configMap("b"), fieldManager: nil)
        await first.close()
        let log = directory + "/" + (try #require(try logFiles(directory).first))
        var bytes = try #require(try Posix.readFile(log))
        bytes[12] ^= 0xFF   // inside the first record
        let fd = try Posix.openFile(log, flags: O_WRONLY | O_TRUNC)
        try Posix.writeAll(fd, bytes, path: log)
        Posix.closeFile(fd)
        do {
            _ = try SandboxStore(persistence: SandboxPersistence(directory: directory))
            Issue.record("a corrupt log was accepted")
        } catch {
            #expect(error.code == 500 && error.message.contains("corrupt at byte 0"))
        }
    }

    @Test func resourceVersionsKeepIncreasingAcrossRestarts() async throws {
        let directory = temporaryDirectory()
        defer { removeDirectory(directory) }
        var last: Int64 = 0
        for round in 0..<4 {
            let store = try SandboxStore(persistence: SandboxPersistence(directory: directory))
            #expect(await store.resourceVersion >= last)
            for index in 0..<3 {
                let created = try await store.create(Res.configMaps, namespace: "default", object: configMap("r\(round)-\(index)"), fieldManager: nil)
                let version = try #require(Int64(created.objectResourceVersion))
                #expect(version > last)
                last = version
            }
            if round == 1 { try await store.compact() }
            await store.close()
        }
    }

    @Test func compactionWritesASnapshotAndDropsOldLogs() async throws {
        let directory = temporaryDirectory()
        defer { removeDirectory(directory) }
        let store = try SandboxStore(persistence: SandboxPersistence(directory: directory, compactionThresholdBytes: 4096))
        for index in 0..<60 {
            _ = try await store.create(Res.configMaps, namespace: "default", object: configMap("c\(index)", data: ["payload": String(repeating: "x", count: 100)]), fieldManager: nil)
            if index % 3 == 0 { _ = try await store.delete(Res.configMaps, namespace: "default", name: "c\(index)", options: .init()) }
            await store.waitForCompaction()
        }
        await store.waitForCompaction()
        #expect(await store.lastBackgroundError == nil)
        let names = try Posix.fileNames(in: directory)
        #expect(names.contains("snapshot") && !names.contains("snapshot.tmp"))
        #expect(try logFiles(directory).count <= 2)
        let before = try await state(store)
        let version = await store.resourceVersion
        await store.close()
        let reopened = try SandboxStore(persistence: SandboxPersistence(directory: directory))
        #expect(try await state(reopened) == before)
        #expect(await reopened.resourceVersion == version)
        await reopened.close()
    }

    @Test func deletionsInProgressResumeAfterARestart() async throws {
        let directory = temporaryDirectory()
        defer { removeDirectory(directory) }
        let first = try SandboxStore(persistence: SandboxPersistence(directory: directory))
        _ = try await first.create(Res.namespaces, namespace: nil, object: ["metadata": ["name": "team"]], fieldManager: nil)
        _ = try await first.create(Res.configMaps, namespace: "team", object: configMap("held", extraMetadata: ["finalizers": ["example.com/hold"]]), fieldManager: nil)
        _ = try await first.delete(Res.namespaces, namespace: nil, name: "team", options: .init())
        await first.close()
        let second = try SandboxStore(persistence: SandboxPersistence(directory: directory))
        _ = try await second.patch(Res.configMaps, namespace: "team", name: "held", patch: .merge(["metadata": ["finalizers": nil]]), subresource: nil)
        #expect(await failure { try await second.get(Res.namespaces, namespace: nil, name: "team") }?.code == 404)
        await second.close()
    }

    @Test func oneStorePerDirectory() async throws {
        let directory = temporaryDirectory()
        defer { removeDirectory(directory) }
        let first = try SandboxStore(persistence: SandboxPersistence(directory: directory))
        do {
            _ = try SandboxStore(persistence: SandboxPersistence(directory: directory))
            Issue.record("two stores opened one directory")
        } catch {
            #expect(error.message.contains("in use"))
        }
        await first.close()
        let second = try SandboxStore(persistence: SandboxPersistence(directory: directory))
        await second.close()
        // After close, writes fail instead of silently not persisting.
        let refused = await failure { try await second.create(Res.configMaps, namespace: "default", object: configMap("x"), fieldManager: nil) }
        #expect(refused?.code == 500)
    }

    /// A lock another open file description holds (as a process spawned by another thread does
    /// between its fork and its exec) is waited for, within the patience, and then taken.
    @Test func aBusyLockIsWaitedForWithinThePatience() throws {
        let directory = temporaryDirectory()
        defer { removeDirectory(directory) }
        let holder = try Posix.openFile(directory + "/LOCK", flags: O_RDWR | O_CREAT)
        #expect(flock(holder, LOCK_EX | LOCK_NB) == 0)
        #expect(throws: SandboxError.self) { try DirectoryLock(directory: directory, patience: .milliseconds(50)) }
        let acquired = Mutex<Bool?>(nil)
        let started = DispatchSemaphore(value: 0), finished = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            started.signal()
            let lock = try? DirectoryLock(directory: directory, patience: .seconds(60))
            acquired.withLock { $0 = lock != nil }
            lock?.release()
            finished.signal()
        }
        started.wait()
        Posix.closeFile(holder)
        finished.wait()
        #expect(acquired.withLock { $0 } == true)
    }

    @Test func framingDetectsDamage() {
        var bytes: [UInt8] = []
        RecordFraming.frame(Array("one".utf8), into: &bytes)
        RecordFraming.frame(Array("two".utf8), into: &bytes)
        #expect(RecordFraming.parse(bytes).payloads.map { String(decoding: $0, as: UTF8.self) } == ["one", "two"])
        #expect(RecordFraming.parse(bytes + [0, 0, 0, 0, 0, 0, 0, 0, 0]).damage == .tornTail(at: bytes.count))
        var flipped = bytes
        flipped[9] ^= 1
        #expect(RecordFraming.parse(flipped).damage == .corrupt(at: 0))
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
    }
}
