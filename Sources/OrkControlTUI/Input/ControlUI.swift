/// The interactive state: the navigation stack, filter input, pause, and the key handling that
/// moves it. Pure: the curses session feeds it keys and renders what it says.
package struct ControlUI: Sendable {
    package var stack: [Screen] = [Screen(route: .controlCenter)]
    package var filtering = false
    package var paused = false
    package var quit = false
    package var flash: String?
    /// Rows of content the last frame showed (the page size of PgUp/PgDn).
    package var viewportHeight = 10

    package init() {}

    package var current: Screen { stack.last ?? Screen(route: .controlCenter) }

    mutating func updateCurrent(_ change: (inout Screen) -> Void) {
        guard !stack.isEmpty else { return }
        change(&stack[stack.count - 1])
    }

    /// The view model of the current screen.
    package func page(_ context: ViewContext) -> Page {
        let screen = current
        switch screen.route {
        case .controlCenter:
            return ControlCenterView.page(context, order: screen.order)
        case .controlPanel(let runtime):
            return ControlPanelView.page(runtime: runtime, context, order: screen.order)
        case .crdDetail(let runtime, let crd):
            return CRDDetailView.page(runtime: runtime, crd: crd, context)
        case .resources(let runtime, let crd):
            return ResourcesView.page(runtime: runtime, crd: crd, context, order: screen.order,
                                      selected: screen.selectedIndex, pageSize: viewportHeight)
        case .resourceDetail(let runtime, let crd, let namespace, let name):
            return ResourceDetailView.page(runtime: runtime, crd: crd, namespace: namespace, name: name, context)
        case .errors:
            return ErrorsView.page(context, order: screen.order)
        case .help:
            return HelpView.page(glyphs: context.glyphs)
        }
    }

    /// Applies a key to the state; `page` is the current screen's view model.
    package mutating func handle(_ key: Key, page: Page) -> [Effect] {
        flash = nil
        if filtering { return handleFilterInput(key, page: page) }
        guard let action = KeyTable.action(for: key) else { return [] }
        return apply(action, page: page)
    }

    mutating func handleFilterInput(_ key: Key, page: Page) -> [Effect] {
        switch key {
        case .enter:
            filtering = false
        case .escape:
            filtering = false
            updateCurrent { $0.order.filter = "" }
        case .backspace:
            updateCurrent { if !$0.order.filter.isEmpty { $0.order.filter.removeLast() } }
        case .character(let character) where !character.isNewline && character.isASCII && !(character.asciiValue.map { $0 < 32 } ?? true):
            updateCurrent { $0.order.filter.append(character) }
        case .up, .down, .pageUp, .pageDown, .home, .end:
            filtering = false
            let action: Action = key == .up ? .up : key == .down ? .down : key == .pageUp ? .pageUp : key == .pageDown ? .pageDown :
                key == .home ? .top : .bottom
            return apply(action, page: page)
        default:
            break
        }
        updateCurrent { $0.top = 0 }
        return []
    }

    package mutating func apply(_ action: Action, page: Page) -> [Effect] {
        switch action {
        case .up: move(by: -1, page: page)
        case .down: move(by: 1, page: page)
        case .pageUp: move(by: -max(1, viewportHeight - 1), page: page)
        case .pageDown: move(by: max(1, viewportHeight - 1), page: page)
        case .top: move(by: Int.min / 2, page: page)
        case .bottom: move(by: Int.max / 2, page: page)
        case .open: open(page: page)
        case .back:
            if !current.order.filter.isEmpty {
                updateCurrent { $0.order.filter = "" }
            } else if stack.count > 1 {
                stack.removeLast()
            }
        case .filter:
            if case .table = page.content { filtering = true }
        case .sort: cycleSort(page: page)
        case .reverseSort:
            guard case .table(let table) = page.content else { break }
            updateCurrent {
                $0.order.sortColumn = $0.order.sortColumn ?? table.sortColumn ?? 0
                $0.order.sortDescending = !table.sortDescending
            }
        case .pollNow:
            flash = "polling every endpoint now"
            return [.pollNow]
        case .pause:
            paused.toggle()
            flash = paused ? "polling paused (p resumes)" : "polling resumed"
            return [.setPaused(paused)]
        case .errors:
            if current.route != .errors { stack.append(Screen(route: .errors)) }
        case .help:
            if current.route == .help { stack.removeLast() } else { stack.append(Screen(route: .help)) }
        case .quit:
            quit = true
            return [.quit]
        }
        return []
    }

    mutating func move(by delta: Int, page: Page) {
        switch page.content {
        case .table(let table):
            let selectable = table.selectable
            guard !selectable.isEmpty else { return }
            let current = self.current.selection(in: table) ?? selectable[0]
            let position = selectable.firstIndex(of: current) ?? 0
            let target: Int
            if abs(delta) == 1 {
                target = max(0, min(selectable.count - 1, position + delta))
            } else {
                // Page moves count rows, then land on the nearest selectable row.
                let row = max(0, min(table.rows.count - 1, current + max(-table.rows.count, min(table.rows.count, delta))))
                target = selectable.firstIndex { $0 >= row } ?? (selectable.count - 1)
            }
            let index = selectable[target]
            updateCurrent {
                $0.selectedIndex = index
                $0.selectedKey = table.rows[index].key
            }
        case .document(let lines):
            updateCurrent { $0.top = max(0, min(max(0, lines.count - 1), $0.top + max(-lines.count, min(lines.count, delta)))) }
        }
    }

    mutating func open(page: Page) {
        var key: String?
        var source: String?
        if case .table(let table) = page.content {
            guard let index = current.selection(in: table) else { return }
            key = table.rows[index].key
            source = table.rows[index].source
        }
        guard let route = current.route.drill(key: key, source: source) else { return }
        stack.append(Screen(route: route))
    }

    mutating func cycleSort(page: Page) {
        guard case .table(let table) = page.content, !table.columns.isEmpty else { return }
        let next = ((current.order.sortColumn ?? table.sortColumn ?? -1) + 1) % table.columns.count
        updateCurrent {
            $0.order.sortColumn = next
            $0.order.sortDescending = false
        }
        flash = "sorted by " + table.columns[next].title
    }
}
