/// The Kubernetes client of Orkestra.
public enum OrkKube {}
