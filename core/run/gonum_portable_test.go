//go:build noasm || !(amd64 || arm64)

package run

// gonumPortable says whether gonum runs its portable Go (see hebbDigestLink).
const gonumPortable = true
