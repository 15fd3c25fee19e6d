/// Runs `body` over `items` with at most `limit` in flight; results keep the items' order.
func boundedMap<Item: Sendable, Output: Sendable>(
    _ items: [Item], limit: Int, _ body: @escaping @Sendable (Item) async -> Output
) async -> [Output] {
    await withTaskGroup(of: (Int, Output).self) { group in
        var results = [Output?](repeating: nil, count: items.count)
        var next = 0
        func start() {
            guard next < items.count else { return }
            let index = next
            let item = items[index]
            next += 1
            group.addTask { (index, await body(item)) }
        }
        for _ in 0..<min(max(1, limit), items.count) { start() }
        while let (index, output) = await group.next() {
            results[index] = output
            start()
        }
        return results.compactMap { $0 }
    }
}

/// Runs `body` over `items` with at most `limit` in flight and hands each result to `collect` as
/// soon as it arrives (in completion order), with the item's index.
func boundedForEach<Item: Sendable, Output: Sendable>(
    _ items: [Item], limit: Int, _ body: @escaping @Sendable (Item) async -> Output,
    isolation: isolated (any Actor)? = #isolation, collect: (Int, Output) -> Void
) async {
    await withTaskGroup(of: (Int, Output).self) { group in
        var next = 0
        while next < min(max(1, limit), items.count) {
            let index = next
            let item = items[index]
            group.addTask { (index, await body(item)) }
            next += 1
        }
        while let (index, output) = await group.next() {
            collect(index, output)
            if next < items.count {
                let index = next
                let item = items[index]
                group.addTask { (index, await body(item)) }
                next += 1
            }
        }
    }
}
