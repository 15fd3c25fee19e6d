import OrkValue

/// One Grafana time-series panel: a title, a unit and PromQL queries with their legends.
public struct DashboardPanel: Sendable, Hashable {
    public struct Query: Sendable, Hashable {
        public var expr: String
        public var legend: String
    }

    public var title: String
    public var unit: String
    public var queries: [Query]

    init(_ title: String, unit: String, _ queries: [(String, String)]) {
        self.title = title
        self.unit = unit
        self.queries = queries.map { Query(expr: $0.0, legend: $0.1) }
    }

    /// The panel in Grafana's dashboard JSON model, at grid cell `index` (two panels per row).
    func json(index: Int) -> JSONValue {
        let refs = "ABCDEFGHIJKLMNOPQRSTUVWXYZ".map(String.init)
        let targets: [JSONValue] = queries.enumerated().map { position, query in
            ["expr": .string(query.expr), "legendFormat": .string(query.legend),
             "refId": .string(position < refs.count ? refs[position] : "Q\(position)"),
             "datasource": ["type": "prometheus", "uid": "${datasource}"]]
        }
        return [
            "id": .int(index + 1), "type": "timeseries", "title": .string(title),
            "gridPos": ["x": .int(index % 2 * 12), "y": .int(index / 2 * 8), "w": 12, "h": 8],
            "datasource": ["type": "prometheus", "uid": "${datasource}"],
            "fieldConfig": ["defaults": ["unit": .string(unit)], "overrides": []],
            "options": ["legend": ["displayMode": "table", "placement": "bottom", "showLegend": true]],
            "targets": .array(targets),
        ]
    }
}
