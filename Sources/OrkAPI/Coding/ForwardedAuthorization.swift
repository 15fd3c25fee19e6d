/// The header that carries a caller's `Authorization` value through the Kubernetes API server's
/// service and pod proxy. The API server removes `Authorization` once it has authenticated the
/// caller, so `ork control` polling a runtime or a gateway through the proxy repeats its bearer
/// credential here, and their API (with `ORK_API_AUTH=kubernetes`) reviews it exactly like an
/// `Authorization` header (TokenReview, then SubjectAccessReview for the path).
public enum ForwardedAuthorization {
    public static let header = "X-Orkestra-Authorization"
}
