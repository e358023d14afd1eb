//go:build tools

// Package tools pins the prometheus-adapter command built by
// sandbox/scripts/build-binaries.sh.
package tools

import _ "sigs.k8s.io/prometheus-adapter/cmd/adapter"
