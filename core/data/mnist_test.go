package data

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestMain loads the committed MNIST asset, so that the conformance test
// (TestDatasets) covers mnist and mnist14 like every other dataset.
func TestMain(m *testing.M) {
	if err := LoadMNISTFiles(mnistDir()); err != nil {
		fmt.Fprintln(os.Stderr, "loading the MNIST asset:", err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

// mnistDir returns web/mnist of this module, found from the test's
// directory (core/data).
func mnistDir() string {
	return filepath.Join("..", "..", "web", "mnist")
}

// TestMNISTAssetChecksums pins the committed asset: the gzipped files as
// served, and their contents once inflated (which a rebuild with another
// Go release, whose gzip might differ, must reproduce; mnistasset's
// TestWrite checks that against the IDX files).
func TestMNISTAssetChecksums(t *testing.T) {
	for _, test := range []struct {
		file        string
		size        int // bytes inflated: 24 + count·(1 + 784)
		gz, content string
	}{
		{MNISTTrainFile, 24 + 10000*785,
			"558f170cee6c95d8fbde63d573008d471a21d19613f2e9a9855e0fe84b813310",
			"5129cc72895245fbc8e82325fc8cf8594feb8f16e727001326a5f2ff00be9aff"},
		{MNISTTestFile, 24 + 2000*785,
			"7393e01b040c56e6525660afffc2af54282682d8d5d5bdb925e66247f3fbce5a",
			"1e55788f5ca238cf9330d4c1541c3b79b882e1447751e0d031f62197dbcdb436"},
	} {
		t.Run(test.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(mnistDir(), test.file))
			if err != nil {
				t.Fatal(err)
			}
			if got := fmt.Sprintf("%x", sha256.Sum256(b)); got != test.gz {
				t.Errorf("SHA-256 of the file: got %s want %s", got, test.gz)
			}
			z, err := gzip.NewReader(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			raw, err := io.ReadAll(z)
			if err != nil {
				t.Fatal(err)
			}
			if len(raw) != test.size {
				t.Errorf("inflated size: got %d want %d", len(raw), test.size)
			}
			if got := fmt.Sprintf("%x", sha256.Sum256(raw)); got != test.content {
				t.Errorf("SHA-256 of the content: got %s want %s", got, test.content)
			}
		})
	}
}

// testImages returns a small valid image set: 3 images of 2×2.
func testImages() *MNISTImages {
	return &MNISTImages{Count: 3, Rows: 2, Cols: 2, Labels: []uint8{7, 0, 9},
		Pixels: []uint8{0, 1, 2, 3, 4, 5, 6, 7, 255, 254, 253, 252}}
}

func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	z := gzip.NewWriter(&buf)
	z.Write(b)
	z.Close()
	return buf.Bytes()
}

func TestParseMNIST(t *testing.T) {
	good, err := testImages().MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	// edit returns a copy of good changed by f, with the checksum fixed
	// again if fix is set (to reach the checks after it).
	edit := func(fix bool, f func(b []byte) []byte) []byte {
		b := f(slices.Clone(good))
		if fix && len(b) >= 24 {
			binary.BigEndian.PutUint32(b[20:], crc32IEEE(b[24:]))
		}
		return b
	}
	gz := gzipBytes(good)
	for _, test := range []struct {
		name string
		in   []byte
		want string // part of the error; "" for success
	}{
		{"raw", good, ""},
		{"gzipped", gz, ""},
		{"empty", nil, "truncated: 0 bytes"},
		{"header cut", good[:10], "truncated: 10 bytes"},
		{"labels cut", good[:26], "truncated: 26 bytes, want 39"},
		{"last pixel cut", good[:len(good)-1], "truncated: 38 bytes, want 39"},
		{"trailing byte", append(slices.Clone(good), 0), "1 bytes after the 3 images"},
		{"magic", edit(false, func(b []byte) []byte { b[0] = 'X'; return b }), "not an MNIST asset"},
		{"IDX file", edit(false, func(b []byte) []byte { binary.BigEndian.PutUint32(b, 0x803); return b }), "not an MNIST asset"},
		{"version", edit(false, func(b []byte) []byte { b[7] = 2; return b }), "format version 2"},
		{"no images", edit(false, func(b []byte) []byte { binary.BigEndian.PutUint32(b[8:], 0); return b[:24] }), "no images"},
		{"zero rows", edit(false, func(b []byte) []byte { binary.BigEndian.PutUint32(b[12:], 0); return b }), "images of 0×2"},
		{"huge count", edit(false, func(b []byte) []byte { binary.BigEndian.PutUint32(b[8:], 1<<32-1); return b }), "truncated"},
		{"flipped pixel", edit(false, func(b []byte) []byte { b[30] ^= 1; return b }), "checksum"},
		{"flipped label", edit(false, func(b []byte) []byte { b[24] ^= 1; return b }), "checksum"},
		{"label 10", edit(true, func(b []byte) []byte { b[25] = 10; return b }), "image 1 has label 10"},
		{"gzip cut", gz[:len(gz)-6], "bad gzip stream"},
		{"gzip header only", gz[:5], "bad gzip stream"},
		{"gzip corrupt", func() []byte { b := slices.Clone(gz); b[len(b)/2] ^= 0xff; return b }(), "gzip"},
		{"gzip of garbage", gzipBytes([]byte("not images at all, just text.")), "not an MNIST asset"},
	} {
		t.Run(test.name, func(t *testing.T) {
			m, err := ParseMNIST(test.in)
			if test.want == "" {
				if err != nil {
					t.Fatalf("got error %v", err)
				}
				want := testImages()
				if m.Count != want.Count || m.Rows != want.Rows || m.Cols != want.Cols ||
					!slices.Equal(m.Labels, want.Labels) || !slices.Equal(m.Pixels, want.Pixels) {
					t.Fatalf("got %+v want %+v", m, want)
				}
				return
			}
			if err == nil {
				t.Fatalf("got no error, want one containing %q", test.want)
			}
			if !strings.Contains(err.Error(), test.want) || !strings.HasPrefix(err.Error(), "mnist: ") {
				t.Fatalf("got error %q, want one starting mnist: and containing %q", err, test.want)
			}
		})
	}
}

func crc32IEEE(b []byte) uint32 {
	// The table-free bitwise CRC-32 (IEEE 802.3, reflected polynomial
	// 0xEDB88320), written out so that the test does not trust hash/crc32
	// with the very check it tests.
	c := ^uint32(0)
	for _, v := range b {
		c ^= uint32(v)
		for k := 0; k < 8; k++ {
			c = c>>1 ^ 0xEDB88320&-(c&1)
		}
	}
	return ^c
}

func TestSetMNISTRejects(t *testing.T) {
	good, _ := testImages().MarshalBinary()
	train, _ := os.ReadFile(filepath.Join(mnistDir(), MNISTTrainFile))
	for _, test := range []struct {
		name        string
		train, test []byte
		want        string
	}{
		{"bad training file", good[:5], train, "training images: mnist: truncated"},
		{"bad test file", train, nil, "test images: mnist: truncated"},
		{"not 28×28", good, good, "images of 2×2 pixels, want 28×28"},
	} {
		t.Run(test.name, func(t *testing.T) {
			err := SetMNIST(test.train, test.test)
			if err == nil || !strings.Contains(err.Error(), test.want) {
				t.Fatalf("got %v, want an error containing %q", err, test.want)
			}
			if !MNISTLoaded() {
				t.Fatal("a failed SetMNIST unloaded the images")
			}
		})
	}
}

// TestMNISTGenerate checks the sets against the loaded images: the split,
// the scaling, the 2×2 means of mnist14, the cap at the split's size, and
// that every image appears once.
func TestMNISTGenerate(t *testing.T) {
	mnist.RLock()
	train, test := mnist.train, mnist.test
	mnist.RUnlock()
	if train.Count != MNISTTrainCount || test.Count != MNISTTestCount {
		t.Fatalf("loaded %d and %d images", train.Count, test.Count)
	}
	for _, tc := range []struct {
		key   string
		split Split
		src   *MNISTImages
		n     int // asked for
		want  int // got
	}{
		{"mnist", TrainSplit, train, 500, 500},
		{"mnist", TestSplit, test, 2000, 2000},
		{"mnist", TestSplit, test, 60000, 2000},
		{"mnist14", TrainSplit, train, 300, 300},
		{"mnist14", TestSplit, test, 9999, 2000},
	} {
		t.Run(fmt.Sprintf("%s/%d/%d", tc.key, tc.split, tc.n), func(t *testing.T) {
			info, _ := Lookup(tc.key)
			s := info.Generate(tc.n, Params{Split: tc.split}, rand.New(rand.NewPCG(seed, seed)))
			if s.N != tc.want {
				t.Fatalf("got %d examples, want %d", s.N, tc.want)
			}
			// Find each example's source image: a digit's pixels are
			// unique enough that matching the label and the first 100
			// inputs identifies it.
			seen := map[int]bool{}
			for i := 0; i < s.N; i++ {
				src := findImage(t, s, i, tc.src, info.Dim)
				if seen[src] {
					t.Fatalf("image %d drawn twice", src)
				}
				seen[src] = true
			}
		})
	}
}

// findImage returns the index in src of example i of s, checking the
// example's inputs against the image (the mean of each 2×2 block for 196
// inputs) and its label and one-hot target.
func findImage(t *testing.T, s *Set, i int, src *MNISTImages, dim int) int {
	t.Helper()
	x := s.Row(i)
	for j := 0; j < src.Count; j++ {
		if int(src.Labels[j]) != s.Labels[i] {
			continue
		}
		img := src.Image(j)
		match := true
		for p := range dim {
			var want float64
			if dim == 784 {
				want = float64(img[p]) / 255
			} else {
				r, c := p/14, p%14
				sum := int(img[2*r*28+2*c]) + int(img[2*r*28+2*c+1]) + int(img[(2*r+1)*28+2*c]) + int(img[(2*r+1)*28+2*c+1])
				want = float64(sum) / (4 * 255)
			}
			if x[p] != want {
				match = false
				break
			}
		}
		if match {
			if s.Target(i)[s.Labels[i]] != 1 {
				t.Fatalf("example %d: target %v for label %d", i, s.Target(i), s.Labels[i])
			}
			return j
		}
	}
	t.Fatalf("example %d (label %d) matches no image of the split", i, s.Labels[i])
	return -1
}

// TestMNISTNotLoaded checks what a page sees before the asset arrives:
// Ready says so and Generate returns an empty set of the right shape.
func TestMNISTNotLoaded(t *testing.T) {
	mnist.RLock()
	train, test := mnist.train, mnist.test
	mnist.RUnlock()
	UnloadMNIST()
	defer func() {
		mnist.Lock()
		mnist.train, mnist.test = train, test
		mnist.Unlock()
	}()
	for _, key := range []string{"mnist", "mnist14"} {
		info, _ := Lookup(key)
		if err := info.CheckReady(); err != ErrMNISTNotLoaded {
			t.Errorf("%s: Ready gave %v, want %v", key, err, ErrMNISTNotLoaded)
		}
		s := info.Generate(10, Params{}, rand.New(rand.NewPCG(seed, seed)))
		if s.N != 0 || s.Dim != info.Dim || s.Outputs != 10 || len(s.X) != 0 {
			t.Errorf("%s: got %v", key, s)
		}
	}
	if info, _ := Lookup("spiral"); info.CheckReady() != nil {
		t.Error("spiral is not ready")
	}
}
