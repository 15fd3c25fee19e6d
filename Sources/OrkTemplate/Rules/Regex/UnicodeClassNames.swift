/// The names `\p{…}` accepts: general categories (`L`, `Lu`, … and their long names such as `Letter`),
/// scripts (`Greek`, `Han`, …), `Any`, `ASCII` and `Assigned`. Names match loosely, ignoring case,
/// spaces, underscores and hyphens, as Go's `regexp` has since Go 1.25 (which also added the long names,
/// `Cn` and `LC`). As in Go, `C` is `Cc`, `Cf`, `Co` and `Cs`, without the unassigned `Cn`.
enum UnicodeClassNames {
    /// The predicate of the class called `name`, or nil for an unknown name.
    static func predicate(named name: String) -> ScalarPredicate? {
        let key = looseKey(name)
        switch key {
        case "any": return .everything
        case "ascii": return .ranges(ScalarRanges([0...0x7F]))
        case "assigned": return .complement(.categories(GeneralCategoryMask([.unassigned])))
        default: break
        }
        if let categories = categories[key] { return .categories(GeneralCategoryMask(categories)) }
        return UnicodeScriptTable.ranges(forLooseKey: key).map(ScalarPredicate.ranges)
    }

    /// `name` lower-cased without spaces, underscores and hyphens.
    static func looseKey(_ name: String) -> String {
        String(String.UnicodeScalarView(name.lowercased().unicodeScalars.filter { $0 != " " && $0 != "_" && $0 != "-" }))
    }

    private static let categories: [String: [Unicode.GeneralCategory]] = {
        let letters: [Unicode.GeneralCategory] = [.uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter]
        let marks: [Unicode.GeneralCategory] = [.nonspacingMark, .spacingMark, .enclosingMark]
        let numbers: [Unicode.GeneralCategory] = [.decimalNumber, .letterNumber, .otherNumber]
        let punctuation: [Unicode.GeneralCategory] = [
            .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
            .initialPunctuation, .finalPunctuation, .otherPunctuation,
        ]
        let symbols: [Unicode.GeneralCategory] = [.mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol]
        let separators: [Unicode.GeneralCategory] = [.spaceSeparator, .lineSeparator, .paragraphSeparator]
        let others: [Unicode.GeneralCategory] = [.control, .format, .surrogate, .privateUse]
        let groups: [([String], [Unicode.GeneralCategory])] = [
            (["l", "letter"], letters),
            (["lc", "casedletter"], [.uppercaseLetter, .lowercaseLetter, .titlecaseLetter]),
            (["lu", "uppercaseletter"], [.uppercaseLetter]),
            (["ll", "lowercaseletter"], [.lowercaseLetter]),
            (["lt", "titlecaseletter"], [.titlecaseLetter]),
            (["lm", "modifierletter"], [.modifierLetter]),
            (["lo", "otherletter"], [.otherLetter]),
            (["m", "mark", "combiningmark"], marks),
            (["mn", "nonspacingmark"], [.nonspacingMark]),
            (["mc", "spacingmark"], [.spacingMark]),
            (["me", "enclosingmark"], [.enclosingMark]),
            (["n", "number"], numbers),
            (["nd", "decimalnumber", "digit"], [.decimalNumber]),
            (["nl", "letternumber"], [.letterNumber]),
            (["no", "othernumber"], [.otherNumber]),
            (["p", "punctuation", "punct"], punctuation),
            (["pc", "connectorpunctuation"], [.connectorPunctuation]),
            (["pd", "dashpunctuation"], [.dashPunctuation]),
            (["ps", "openpunctuation"], [.openPunctuation]),
            (["pe", "closepunctuation"], [.closePunctuation]),
            (["pi", "initialpunctuation"], [.initialPunctuation]),
            (["pf", "finalpunctuation"], [.finalPunctuation]),
            (["po", "otherpunctuation"], [.otherPunctuation]),
            (["s", "symbol"], symbols),
            (["sm", "mathsymbol"], [.mathSymbol]),
            (["sc", "currencysymbol"], [.currencySymbol]),
            (["sk", "modifiersymbol"], [.modifierSymbol]),
            (["so", "othersymbol"], [.otherSymbol]),
            (["z", "separator"], separators),
            (["zs", "spaceseparator"], [.spaceSeparator]),
            (["zl", "lineseparator"], [.lineSeparator]),
            (["zp", "paragraphseparator"], [.paragraphSeparator]),
            (["c", "other"], others),
            (["cc", "control", "cntrl"], [.control]),
            (["cf", "format"], [.format]),
            (["cs", "surrogate"], [.surrogate]),
            (["co", "privateuse"], [.privateUse]),
            (["cn", "unassigned"], [.unassigned]),
        ]
        var table: [String: [Unicode.GeneralCategory]] = [:]
        for (names, members) in groups {
            for name in names { table[name] = members }
        }
        return table
    }()
}
