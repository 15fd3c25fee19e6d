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
COPY scripts/build-static scripts/image-tree ./scripts/
# The order in which build-static places functions (images/PRODUCT.order, from scripts/code-order).
COPY images ./images
# The binary, stripped, and what it needs beyond distroless/cc (scripts/image-tree).
RUN bin=$(scripts/build-static ork-gateway) && scripts/image-tree ork-gateway "$bin" /image

FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /image/ /
ENV LD_LIBRARY_PATH=/usr/lib/orkestra
USER 65532:65532
EXPOSE 8080 8443
ENTRYPOINT ["/usr/local/bin/ork-gateway"]
