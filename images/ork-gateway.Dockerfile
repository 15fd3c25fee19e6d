# The gateway image: `ork-gateway`, statically linked against the Swift runtime, on
# distroless/cc: no shell, no package manager, nothing but the binary and the C libraries.
# Build from the repository root:
#   docker build -f images/ork-gateway.Dockerfile -t ghcr.io/orkspace/orkestra-swift-gateway:0.1.0 .
# scripts/build-static is the build command (scripts/test builds the same binaries and runs them in
# the chart check on a real control plane).

FROM swift:6.3.1-bookworm AS build
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
COPY scripts/build-static ./scripts/
# The order in which build-static places functions (images/PRODUCT.order, from scripts/code-order).
COPY images ./images
RUN bin=$(scripts/build-static ork-gateway) \
    && mkdir -p /image/usr/local/bin /image/usr/lib/orkestra \
    && cp "$bin" /image/usr/local/bin/ork-gateway \
    && strip /image/usr/local/bin/ork-gateway \
    # Every shared library the binary needs beyond what distroless/cc has (zlib).
    && ldd /image/usr/local/bin/ork-gateway | awk '/=>/ { print $3 }' \
       | grep -vE '/(libc|libm|libstdc\+\+|libgcc_s|libpthread|libdl|librt)\.so' \
       | xargs -r -I{} cp -L {} /image/usr/lib/orkestra/

FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /image/ /
ENV LD_LIBRARY_PATH=/usr/lib/orkestra
USER 65532:65532
EXPOSE 8080 8443
ENTRYPOINT ["/usr/local/bin/ork-gateway"]
