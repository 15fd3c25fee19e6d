/// The sandbox's own bearer token: written into the kubeconfig it hands out, and required by its
/// control endpoint (`/_sandbox/faults`), so that other users of the host cannot drive it.
enum SandboxToken {
    /// 32 random bytes from the system's secure generator, as 64 hex digits.
    static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        var text = ""
        text.reserveCapacity(64)
        for _ in 0..<4 {
            let word = generator.next()
            for shift in stride(from: 60, through: 0, by: -4) {
                text.append(Character(Unicode.Scalar(hexDigits[Int((word >> UInt64(shift)) & 0xF)])))
            }
        }
        return text
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Nil when `authorization` is `Bearer <token>`; otherwise the 401 to answer (no header, another
    /// scheme or another token: Kubernetes answers an unrecognised credential with 401 too).
    static func refusal(authorization: String?, token: String) -> SandboxError? {
        let prefix = "Bearer "
        guard let authorization, authorization.hasPrefix(prefix) else {
            return SandboxError(code: 401, reason: "Unauthorized",
                                message: "the sandbox's control endpoint needs the bearer token of its kubeconfig")
        }
        guard equalInConstantTime(Array(authorization.utf8.dropFirst(prefix.utf8.count)), Array(token.utf8)) else {
            return SandboxError(code: 401, reason: "Unauthorized", message: "the bearer token is not the sandbox's")
        }
        return nil
    }

    /// Compares without stopping at the first difference, so the time taken says nothing about
    /// how much of a guess was right.
    static func equalInConstantTime(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }
}
