# Build the manager binary.
FROM golang:1.26 AS builder
ARG TARGETOS
ARG TARGETARCH
# The version the manager prints with --version (make docker-build sets it).
ARG VERSION=dev

WORKDIR /workspace
# Download the modules first, in their own layer, so that source changes do
# not download them again.
COPY go.mod go.sum ./
RUN go mod download

COPY cmd/ cmd/
COPY api/ api/
COPY internal/ internal/

# No cgo, so that the binary runs on the static distroless image. GOARCH is
# left empty when TARGETARCH is not set, which builds for the builder's own
# platform.
RUN CGO_ENABLED=0 GOOS=${TARGETOS:-linux} GOARCH=${TARGETARCH} go build -trimpath -ldflags="-s -w -X github.com/dspt-lessons/lessons-operator/internal/version.Version=${VERSION}" -o manager ./cmd

# A minimal image with no shell and no package manager, running as non-root.
FROM gcr.io/distroless/static:nonroot
WORKDIR /
COPY --from=builder /workspace/manager .
USER 65532:65532

ENTRYPOINT ["/manager"]
