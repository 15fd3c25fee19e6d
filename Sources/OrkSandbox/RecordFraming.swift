/// The on-disk record format of logs and snapshots: `[length: UInt32 LE][crc32(payload): UInt32 LE][payload]`.
enum RecordFraming {
    static let headerSize = 8

    static func frame(_ payload: [UInt8], into out: inout [UInt8]) {
        let length = UInt32(clamping: payload.count)
        let checksum = CRC32.checksum(payload)
        for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8((length >> UInt32(shift)) & 0xFF)) }
        for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8((checksum >> UInt32(shift)) & 0xFF)) }
        out.append(contentsOf: payload)
    }

    /// How a file ends when its last records are not all intact.
    enum Damage: Equatable {
        /// The tail from this offset is an incomplete or corrupt last record (a crash mid-write): drop it.
        case tornTail(at: Int)
        /// A bad record at this offset is followed by more data: not a torn write, refuse to guess.
        case corrupt(at: Int)
    }

    struct Parsed {
        var payloads: [ArraySlice<UInt8>]
        var validLength: Int
        var damage: Damage?
    }

    static func parse(_ bytes: [UInt8]) -> Parsed {
        var payloads: [ArraySlice<UInt8>] = []
        var offset = 0
        while offset < bytes.count {
            if bytes.count - offset < headerSize { return Parsed(payloads: payloads, validLength: offset, damage: .tornTail(at: offset)) }
            let length = Int(readUInt32(bytes, offset))
            let checksum = readUInt32(bytes, offset + 4)
            let end = offset + headerSize + length
            if length == 0 || end > bytes.count {
                let damage: Damage = (end > bytes.count || allZero(bytes, from: offset)) ? .tornTail(at: offset) : .corrupt(at: offset)
                return Parsed(payloads: payloads, validLength: offset, damage: damage)
            }
            let payload = bytes[(offset + headerSize)..<end]
            if CRC32.checksum(payload) != checksum {
                let damage: Damage = (end == bytes.count || allZero(bytes, from: end)) ? .tornTail(at: offset) : .corrupt(at: offset)
                return Parsed(payloads: payloads, validLength: offset, damage: damage)
            }
            payloads.append(payload)
            offset = end
        }
        return Parsed(payloads: payloads, validLength: offset, damage: nil)
    }

    private static func readUInt32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
    }

    private static func allZero(_ bytes: [UInt8], from offset: Int) -> Bool {
        var index = offset
        while index < bytes.count {
            if bytes[index] != 0 { return false }
            index += 1
        }
        return true
    }
}
