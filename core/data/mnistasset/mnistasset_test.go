package mnistasset

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"plasticity/core/data"
)

// update rewrites the committed asset: go test ./core/data/mnistasset -update
// (what `plasticity mnist-asset -out web/mnist` does).
var update = flag.Bool("update", false, "rewrite web/mnist from the IDX files")

// sourceDir returns the IDX directory, skipping where the go command cannot
// run (js/wasm has no os/exec); the native test run covers it.
func sourceDir(t *testing.T) string {
	t.Helper()
	if runtime.GOOS == "js" || runtime.GOOS == "wasip1" {
		t.Skip("no go command under " + runtime.GOOS + "; the native run checks the asset against the IDX files")
	}
	src, err := SourceDir()
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// assetDir returns web/mnist of this module.
func assetDir(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "web", "mnist")
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's directory")
		}
		dir = parent
	}
}

// TestWrite builds the asset afresh and checks that it holds the same
// bytes as the committed one (compared after gunzip, so that a change in
// the gzip compressor of a new Go release does not fail it).
func TestWrite(t *testing.T) {
	src := sourceDir(t)
	committed := assetDir(t)
	if *update {
		if err := WriteFrom(src, committed); err != nil {
			t.Fatal(err)
		}
	}
	dir := t.TempDir()
	if err := WriteFrom(src, dir); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{data.MNISTTrainFile, data.MNISTTestFile} {
		fresh, old := gunzip(t, filepath.Join(dir, name)), gunzip(t, filepath.Join(committed, name))
		if !bytes.Equal(fresh, old) {
			t.Errorf("%s: the committed asset differs from a fresh build (%d vs %d bytes); run go test ./core/data/mnistasset -update", name, len(old), len(fresh))
		}
	}
}

func gunzip(t *testing.T, name string) []byte {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(z)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestAssetMatchesIDX checks every image and label of the committed asset
// against the IDX files, read here by a reader independent of GoMNIST's:
// image i of each asset file is image i of its split.
func TestAssetMatchesIDX(t *testing.T) {
	src := sourceDir(t)
	committed := assetDir(t)
	for _, test := range []struct {
		file, images, labels string
		count                int
	}{
		{data.MNISTTrainFile, TrainImages, TrainLabels, data.MNISTTrainCount},
		{data.MNISTTestFile, TestImages, TestLabels, data.MNISTTestCount},
	} {
		t.Run(test.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(committed, test.file))
			if err != nil {
				t.Fatal(err)
			}
			m, err := data.ParseMNIST(b)
			if err != nil {
				t.Fatal(err)
			}
			if m.Count != test.count || m.Rows != 28 || m.Cols != 28 {
				t.Fatalf("got %d images of %d×%d, want %d of 28×28", m.Count, m.Rows, m.Cols, test.count)
			}
			pix, dims := readIDX(t, filepath.Join(src, test.images), 0x803)
			labels, _ := readIDX(t, filepath.Join(src, test.labels), 0x801)
			if dims[1] != 28 || dims[2] != 28 || dims[0] != len(labels) || dims[0] < test.count {
				t.Fatalf("IDX dims %v with %d labels", dims, len(labels))
			}
			for i := 0; i < m.Count; i++ {
				if !bytes.Equal(m.Image(i), pix[i*784:(i+1)*784]) {
					t.Fatalf("image %d differs from the IDX file's", i)
				}
				if m.Labels[i] != labels[i] {
					t.Fatalf("image %d: label %d, the IDX file says %d", i, m.Labels[i], labels[i])
				}
			}
		})
	}
}

// readIDX reads a gzipped IDX file of unsigned bytes (LeCun's format: magic
// 0x00000800 | ndims, then ndims big-endian sizes, then the data).
func readIDX(t *testing.T, name string, magic uint32) ([]byte, []int) {
	t.Helper()
	b := gunzip(t, name)
	if got := binary.BigEndian.Uint32(b); got != magic {
		t.Fatalf("%s: magic %#x, want %#x", name, got, magic)
	}
	nd := int(magic & 0xff)
	dims := make([]int, nd)
	size := 1
	for i := range dims {
		dims[i] = int(binary.BigEndian.Uint32(b[4+4*i:]))
		size *= dims[i]
	}
	body := b[4+4*nd:]
	if len(body) != size {
		t.Fatalf("%s: %d bytes of data for dims %v", name, len(body), dims)
	}
	return body, dims
}

func ExampleWrite() {
	// The build step behind `plasticity mnist-asset -out web/mnist`.
	if err := Write("web/mnist"); err != nil {
		fmt.Println(err)
	}
}
