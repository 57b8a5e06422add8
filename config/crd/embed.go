// Package crd holds the operator's CustomResourceDefinitions, generated from
// the API types into bases/, so that Go code (the kubectl plugin's offline
// linter) can validate objects exactly as the API server does. Kustomize
// ignores this file: config/crd stays a plain kustomization.
package crd

import (
	"embed"
	"io/fs"
)

//go:embed bases/*.yaml
var bases embed.FS

// Bases returns the generated CRDs: one file per kind, bases/*.yaml.
func Bases() fs.FS { return bases }
