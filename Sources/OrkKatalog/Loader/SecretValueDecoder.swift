/// Decodes a setting that may hold a secret (`SecretValue`): a plain string (a warning: the
/// Katalog's ConfigMap is readable by many), `{env: NAME}` or
/// `{valueFrom: {secretKeyRef: {name, key}}}` (a Secret in the gateway's namespace).
struct SecretValueDecoder {
    let context: LoaderContext

    /// `warnIfPlain` false for settings that are only sensitive, not secret (an SMTP username).
    func secretValue(_ reader: FieldReader, _ key: String, what: String, warnIfPlain: Bool = true) -> SecretValue? {
        guard let node = reader.value(key) else { return nil }
        let path = reader.field(key)
        if let scalar = node.scalar {
            if warnIfPlain { context.warning("\(what) is written in plain text in the Katalog (its ConfigMap is readable by anyone who can read ConfigMaps)",
                            at: node.position, field: path,
                            hint: "use {valueFrom: {secretKeyRef: {name: <secret>, key: <key>}}} or {env: <VARIABLE>}") }
            return .plain(scalar.text)
        }
        guard let form = FieldReader(node, path: path, context: context, allowed: ["valueFrom", "env"]) else { return nil }
        switch (form.value("valueFrom"), form.string("env")) {
        case (nil, let name?):
            guard Self.isEnvironmentName(name) else {
                context.error("\"\(name)\" is not an environment variable name (letters, digits and _, not starting with a digit)",
                              at: form.position("env"), field: form.field("env"))
                return nil
            }
            return .env(name)
        case (let valueFrom?, nil):
            guard let source = FieldReader(valueFrom, path: form.field("valueFrom"), context: context, allowed: ["secretKeyRef"],
                                           required: ["secretKeyRef"]),
                  let refNode = source.value("secretKeyRef"),
                  let ref = FieldReader(refNode, path: source.field("secretKeyRef"), context: context, allowed: ["name", "key"],
                                        required: ["name", "key"]),
                  let name = ref.string("name"), let secretKey = ref.string("key")
            else { return nil }
            guard Self.isSecretName(name) else {
                context.error("\"\(name)\" is not a Secret name (lower-case DNS subdomain)", at: ref.position("name"), field: ref.field("name"))
                return nil
            }
            guard Self.isSecretKey(secretKey) else {
                context.error("\"\(secretKey)\" is not a Secret key (letters, digits, '-', '_' and '.')", at: ref.position("key"),
                              field: ref.field("key"))
                return nil
            }
            return .secretKeyRef(name: name, key: secretKey)
        case (nil, nil):
            context.error("expected a string, {env: NAME} or {valueFrom: {secretKeyRef: {name, key}}}", at: node.position, field: path)
            return nil
        default:
            context.error("give either env or valueFrom, not both", at: node.position, field: path)
            return nil
        }
    }

    static func isEnvironmentName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first), name.utf8.count <= 253 else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
    }

    static func isSecretName(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 253, name.first != "-", name.first != ".", name.last != "-", name.last != "." else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "-" || $0 == "." || ("a"..."z").contains($0) || ("0"..."9").contains($0) }
    }

    static func isSecretKey(_ key: String) -> Bool {
        guard !key.isEmpty, key.utf8.count <= 253, key != ".", key != ".." else { return false }
        return key.unicodeScalars.allSatisfy {
            $0 == "-" || $0 == "_" || $0 == "." || ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
        }
    }
}
