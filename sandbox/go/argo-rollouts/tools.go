//go:build tools

// Package tools pins the Argo Rollouts controller built by
// sandbox/scripts/build-binaries.sh.
package tools

import _ "github.com/argoproj/argo-rollouts/cmd/rollouts-controller"
