package data

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"sync"
)

// MNIST: the handwritten digits of LeCun, Bottou, Bengio & Haffner (1998),
// "Gradient-based learning applied to document recognition", Proc. IEEE
// 86(11), 2278–2324. The playground serves a compact asset built from the
// IDX files by core/data/mnistasset: the first MNISTTrainCount images of the
// training split and the first MNISTTestCount images of the test split.
//
// The bytes arrive asynchronously in a browser, so the image sets are not
// part of the binary: the page fetches the asset and hands it to SetMNIST;
// native programs and tests call LoadMNISTFiles. Until then the datasets'
// Ready returns ErrMNISTNotLoaded and their Generate returns empty sets.

func init() {
	Register(Info{
		Key: "mnist", Title: "MNIST digits (28×28)", Kind: Classification, Classes: 10, Dim: mnistSide * mnistSide,
		Summary: "Handwritten digits (LeCun et al. 1998): 28×28 greyscale images, pixels scaled to [0, 1], ten classes. " +
			"The playground holds the first 10,000 training and 2,000 test images of the standard splits; " +
			"noise does not apply.",
		MaxTrain: MNISTTrainCount, MaxTest: MNISTTestCount,
		Ready:    mnistReady,
		Generate: func(n int, p Params, rnd *rand.Rand) *Set { return mnistSet(n, p, rnd, 1) },
	})
	Register(Info{
		Key: "mnist14", Title: "MNIST digits (14×14)", Kind: Classification, Classes: 10, Dim: mnistSide * mnistSide / 4,
		Summary: "The MNIST digits shrunk to 14×14 by averaging each 2×2 block of pixels: four times fewer inputs, " +
			"so wide or slow rules train faster. 10,000 training and 2,000 test images; noise does not apply.",
		MaxTrain: MNISTTrainCount, MaxTest: MNISTTestCount,
		Ready:    mnistReady,
		Generate: func(n int, p Params, rnd *rand.Rand) *Set { return mnistSet(n, p, rnd, 2) },
	})
}

// The asset's sizes and file names (in web/mnist, gzipped).
const (
	MNISTTrainCount = 10000
	MNISTTestCount  = 2000
	MNISTTrainFile  = "mnist-train-10k.bin.gz"
	MNISTTestFile   = "mnist-test-2k.bin.gz"
)

// mnistSide is the side of an MNIST image in pixels.
const mnistSide = 28

// MNISTImages is a set of labelled greyscale images, as the asset holds them.
type MNISTImages struct {
	Count, Rows, Cols int
	Labels            []uint8 // Count digits 0…9
	// Pixels holds image i at [i·Rows·Cols, (i+1)·Rows·Cols), row by row;
	// 0 is the background and 255 full ink.
	Pixels []uint8
}

// Image returns image i's pixels.
func (m *MNISTImages) Image(i int) []uint8 {
	d := m.Rows * m.Cols
	return m.Pixels[i*d : (i+1)*d]
}

// The asset format, version 1, all integers big-endian uint32 as in IDX:
//
//	offset  0  magic "MNST"
//	        4  version (1)
//	        8  count
//	       12  rows
//	       16  cols
//	       20  CRC-32 (IEEE) of everything after the header
//	       24  count labels, one byte each
//	24+count   count×rows×cols pixels, one byte each, image by image
//
// A file may be gzipped (the served asset is); ParseMNIST recognises gzip
// by its magic bytes 1f 8b.
const (
	mnistMagic      = "MNST"
	mnistVersion    = 1
	mnistHeaderSize = 24
	// mnistMaxSize bounds what ParseMNIST inflates: more than the 60,000
	// training images of 28×28 (47 MB), so a gzip bomb cannot exhaust
	// memory.
	mnistMaxSize = 64 << 20
)

// MarshalBinary returns m in the asset format (not gzipped).
func (m *MNISTImages) MarshalBinary() ([]byte, error) {
	d := m.Rows * m.Cols
	if m.Count < 0 || len(m.Labels) != m.Count || len(m.Pixels) != m.Count*d {
		return nil, fmt.Errorf("mnist: %d labels and %d pixels for %d images of %d×%d", len(m.Labels), len(m.Pixels), m.Count, m.Rows, m.Cols)
	}
	b := make([]byte, mnistHeaderSize, mnistHeaderSize+m.Count*(1+d))
	copy(b, mnistMagic)
	binary.BigEndian.PutUint32(b[4:], mnistVersion)
	binary.BigEndian.PutUint32(b[8:], uint32(m.Count))
	binary.BigEndian.PutUint32(b[12:], uint32(m.Rows))
	binary.BigEndian.PutUint32(b[16:], uint32(m.Cols))
	b = append(b, m.Labels...)
	b = append(b, m.Pixels...)
	binary.BigEndian.PutUint32(b[20:], crc32.ChecksumIEEE(b[mnistHeaderSize:]))
	return b, nil
}

// ParseMNIST reads an image set in the asset format, gzipped or not. It
// returns an error saying what is wrong with a truncated or corrupt file:
// a bad gzip stream, a wrong magic or version, sizes that disagree with the
// length, a checksum mismatch, or a label that is not a digit. The result
// shares memory with b when b is not gzipped.
func ParseMNIST(b []byte) (*MNISTImages, error) {
	if len(b) >= 2 && b[0] == 0x1f && b[1] == 0x8b {
		z, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			return nil, fmt.Errorf("mnist: bad gzip stream: %v", err)
		}
		raw, err := io.ReadAll(io.LimitReader(z, mnistMaxSize+1))
		if err != nil {
			return nil, fmt.Errorf("mnist: bad gzip stream (truncated or corrupt): %v", err)
		}
		if len(raw) > mnistMaxSize {
			return nil, fmt.Errorf("mnist: more than %d bytes once inflated", mnistMaxSize)
		}
		b = raw
	}
	if len(b) < mnistHeaderSize {
		return nil, fmt.Errorf("mnist: truncated: %d bytes, shorter than the %d-byte header", len(b), mnistHeaderSize)
	}
	if string(b[:4]) != mnistMagic {
		return nil, fmt.Errorf("mnist: not an MNIST asset (magic %q, want %q)", b[:4], mnistMagic)
	}
	if v := binary.BigEndian.Uint32(b[4:]); v != mnistVersion {
		return nil, fmt.Errorf("mnist: format version %d; this build reads version %d", v, mnistVersion)
	}
	count := uint64(binary.BigEndian.Uint32(b[8:]))
	rows := uint64(binary.BigEndian.Uint32(b[12:]))
	cols := uint64(binary.BigEndian.Uint32(b[16:]))
	if rows == 0 || cols == 0 || rows > 1024 || cols > 1024 {
		return nil, fmt.Errorf("mnist: images of %d×%d pixels", rows, cols)
	}
	if count == 0 {
		return nil, errors.New("mnist: the file holds no images")
	}
	want := mnistHeaderSize + count*(1+rows*cols) // < 2⁶⁴: count < 2³², rows·cols ≤ 2²⁰
	if got := uint64(len(b)); got < want {
		return nil, fmt.Errorf("mnist: truncated: %d bytes, want %d for %d images of %d×%d", got, want, count, rows, cols)
	} else if got > want {
		return nil, fmt.Errorf("mnist: %d bytes after the %d images of %d×%d: corrupt", got-want, count, rows, cols)
	}
	if sum, stored := crc32.ChecksumIEEE(b[mnistHeaderSize:]), binary.BigEndian.Uint32(b[20:]); sum != stored {
		return nil, fmt.Errorf("mnist: checksum %08x, the header says %08x: the file is corrupt", sum, stored)
	}
	n := int(count)
	m := &MNISTImages{
		Count: n, Rows: int(rows), Cols: int(cols),
		Labels: b[mnistHeaderSize : mnistHeaderSize+n],
		Pixels: b[mnistHeaderSize+n:],
	}
	for i, c := range m.Labels {
		if c > 9 {
			return nil, fmt.Errorf("mnist: image %d has label %d, not a digit", i, c)
		}
	}
	return m, nil
}

// ErrMNISTNotLoaded is what the MNIST datasets' Ready returns until SetMNIST
// or LoadMNISTFiles has succeeded.
var ErrMNISTNotLoaded = errors.New("MNIST is not loaded yet")

var mnist struct {
	sync.RWMutex
	train, test *MNISTImages
}

// SetMNIST parses the training and test image sets (the two asset files,
// gzipped or not) and makes them the data of the mnist and mnist14
// datasets. Both must hold 28×28 images. On error nothing changes.
func SetMNIST(train, test []byte) error {
	tr, err := ParseMNIST(train)
	if err != nil {
		return fmt.Errorf("training images: %w", err)
	}
	te, err := ParseMNIST(test)
	if err != nil {
		return fmt.Errorf("test images: %w", err)
	}
	for _, m := range []*MNISTImages{tr, te} {
		if m.Rows != mnistSide || m.Cols != mnistSide {
			return fmt.Errorf("mnist: images of %d×%d pixels, want %d×%d", m.Rows, m.Cols, mnistSide, mnistSide)
		}
	}
	mnist.Lock()
	mnist.train, mnist.test = tr, te
	mnist.Unlock()
	return nil
}

// MNISTLoaded reports whether the MNIST images are loaded.
func MNISTLoaded() bool { return mnistReady() == nil }

func mnistReady() error {
	mnist.RLock()
	defer mnist.RUnlock()
	if mnist.train == nil {
		return ErrMNISTNotLoaded
	}
	return nil
}

// mnistSet returns n images of the split p.Split (all of it if n is
// larger), drawn uniformly without replacement by rnd (a partial
// Fisher–Yates shuffle, so n equal to the split's size gives all of it in a
// seeded order), shrunk by the factor shrink (1 or 2: the mean of each 2×2
// block). Pixels are scaled to [0, 1]. Noise does not apply. Without loaded
// images the set is empty.
func mnistSet(n int, p Params, rnd *rand.Rand, shrink int) *Set {
	mnist.RLock()
	src := mnist.train
	if p.Split == TestSplit {
		src = mnist.test
	}
	mnist.RUnlock()
	return MNISTSet(src, n, shrink, rnd)
}

// MNISTSet returns n images of src drawn without replacement by rnd (all of
// them, in a shuffled order, if n ≥ src.Count), each shrunk by averaging
// shrink×shrink blocks of pixels (1 keeps 28×28, 2 gives 14×14), with
// pixels scaled to [0, 1] and one-hot labels. The mnist and mnist14
// datasets are MNISTSet of the loaded asset; tests use it on the whole IDX
// test split.
func MNISTSet(src *MNISTImages, n, shrink int, rnd *rand.Rand) *Set {
	side := mnistSide / shrink
	d := side * side
	if src == nil {
		return &Set{N: 0, Dim: d, Side: side, Outputs: 10, Classes: 10, X: []float64{}, Y: []float64{}, Labels: []int{}}
	}
	n = max(0, min(n, src.Count))
	s := &Set{
		X: make([]float64, n*d), Y: make([]float64, n*10), Labels: make([]int, n),
		N: n, Dim: d, Side: side, Outputs: 10, Classes: 10,
	}
	idx := make([]int, src.Count)
	for i := range idx {
		idx[i] = i
	}
	// level[s] is the mean in [0, 1] of shrink² pixels summing to s:
	// s/(255·shrink²), looked up rather than divided per pixel.
	level := make([]float64, 255*shrink*shrink+1)
	for s := range level {
		level[s] = float64(s) / float64(255*shrink*shrink)
	}
	for i := 0; i < n; i++ {
		j := i + rnd.IntN(src.Count-i)
		idx[i], idx[j] = idx[j], idx[i]
		img, x := src.Image(idx[i]), s.X[i*d:(i+1)*d]
		for r := 0; r < side; r++ {
			for c := 0; c < side; c++ {
				sum := 0
				for dr := 0; dr < shrink; dr++ {
					row := img[(r*shrink+dr)*mnistSide+c*shrink:]
					for dc := 0; dc < shrink; dc++ {
						sum += int(row[dc])
					}
				}
				x[r*side+c] = level[sum]
			}
		}
		c := int(src.Labels[idx[i]])
		s.Labels[i] = c
		s.Y[i*10+c] = 1
	}
	return s
}

// UnloadMNIST forgets the images SetMNIST loaded, so that their memory can
// be freed; the MNIST datasets are then not ready until the next SetMNIST.
func UnloadMNIST() {
	mnist.Lock()
	mnist.train, mnist.test = nil, nil
	mnist.Unlock()
}
