//go:build !noasm && (amd64 || arm64)

package run

// gonumPortable says whether gonum runs its portable Go (see hebbDigestLink):
// not here, where it runs assembly; make test builds with -tags=noasm.
const gonumPortable = false
