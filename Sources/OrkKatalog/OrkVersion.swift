/// The version of this Orkestra build.
public enum OrkVersion {
    public static let current = "0.1.0"
}
