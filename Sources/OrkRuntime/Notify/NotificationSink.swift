import CoreMetrics
import OrkAPI
import OrkKatalog
import OrkKube
import OrkMetrics
import OrkValue

/// One CRD's way to the outbox: turns a status field with `notify:` that fired into a
/// `NotificationEvent` (`<crd>/<namespace>/<name>/<field path>`, the teams, the rendered message;
/// fitted within what `/notify` accepts, so a long name or message is shortened, never refused)
/// posted at most once per the shortest interval of its teams, and counts the outcomes in
/// `orkestra_notifications_total{crd,…,result}`.
struct NotificationSink: Sendable {
    let outbox: NotificationOutbox
    let crd: String
    /// Each declared team's `interval`.
    let intervals: [String: Duration]
    let counters: [NotificationOutbox.Outcome: CoreMetrics.Counter]

    init(outbox: NotificationOutbox, entry: CRDEntry, teams: [String: NotificationTeam], factory: any MetricsFactory) {
        self.outbox = outbox
        self.crd = entry.key
        self.intervals = teams.mapValues { .milliseconds($0.interval.milliseconds) }
        var counters: [NotificationOutbox.Outcome: CoreMetrics.Counter] = [:]
        for outcome in NotificationOutbox.Outcome.allCases {
            counters[outcome] = Counter(label: RuntimeMetricFamilies.notifications,
                                        dimensions: CRDMetrics.labels(entry) + [("result", outcome.rawValue)], factory: factory)
        }
        self.counters = counters
    }

    func raise(_ notify: NotifySpec, field: String, object key: ObjectKey, message: String) {
        let object = key.namespace.isEmpty ? key.name : "\(key.namespace)/\(key.name)"
        let event = NotificationEvent(event: "\(crd)/\(object)/\(field)", teams: notify.teams, message: message, crd: crd,
                                      object: object, severity: "warning").fitted()
        let interval = notify.teams.compactMap { intervals[$0] }.min() ?? .seconds(15 * 60)
        let counters = self.counters
        outbox.submit(event, interval: interval) { outcome in counters[outcome]?.increment() }
    }
}
