package qr

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"image/png"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const seed = 1

// link returns a link-like string of n bytes.
func link(n int) string {
	base := "https://plasticity.example/?v=1&cmp=fa,kp,dfa&fa.scale=0.5&r3.lr=0.01&data=spiral&hidden=16,16&seed="
	var b strings.Builder
	for b.Len() < n {
		b.WriteString(base)
		b.WriteString(strconv.Itoa(b.Len()))
	}
	return b.String()[:n]
}

func decodeCode(t *testing.T, c *Code) ([]byte, decoded) {
	t.Helper()
	got, info, err := decode(c.Size, c.Dark)
	if err != nil {
		t.Fatalf("version %d-%s mask %d: %v", c.Version, c.Level, c.Mask, err)
	}
	if info.version != c.Version || info.level != c.Level.String() || info.mask != c.Mask {
		t.Errorf("decoded version %d-%s mask %d, encoded %d-%s mask %d", info.version, info.level, info.mask, c.Version, c.Level, c.Mask)
	}
	return got, info
}

// TestEncodeLink: links of many lengths decode to themselves, in the
// smallest version that holds them (level M up to 2,331 bytes, then L).
func TestEncodeLink(t *testing.T) {
	for _, test := range []struct {
		n       int
		version int // 0: the smallest that holds n bytes, checked with Capacity
		level   Level
	}{
		{0, 1, M}, {1, 1, M}, {14, 1, M}, {15, 2, M}, {26, 2, M}, {27, 3, M},
		{100, 0, M}, {213, 10, M}, {214, 11, M}, {500, 0, M}, {1000, 0, M},
		{2000, 0, M}, {2331, 40, M}, {2332, 0, L}, {2953, 40, L},
	} {
		t.Run(strconv.Itoa(test.n), func(t *testing.T) {
			s := link(test.n)
			c, err := EncodeLink(s)
			if err != nil {
				t.Fatal(err)
			}
			if c.Level != test.level || c.Size != 17+4*c.Version || (test.version != 0 && c.Version != test.version) {
				t.Errorf("%d bytes: version %d-%s (size %d), want %d-%s", test.n, c.Version, c.Level, c.Size, test.version, test.level)
			}
			if Capacity(c.Version, c.Level) < test.n || (c.Version > 1 && Capacity(c.Version-1, c.Level) >= test.n) {
				t.Errorf("%d bytes: version %d-%s is not the smallest that holds them", test.n, c.Version, c.Level)
			}
			got, _ := decodeCode(t, c)
			if string(got) != s {
				t.Errorf("decoded %q, want %q", got, s)
			}
		})
	}
	if _, err := EncodeLink(link(2954)); !errors.Is(err, ErrTooLong) {
		t.Errorf("2,954 bytes: got %v, want ErrTooLong", err)
	}
	if _, err := Encode(nil, Level(7)); err == nil {
		t.Errorf("level 7 accepted")
	}
}

// TestEveryVersionAndMask encodes random bytes filling every version at
// every level, with every mask in turn, and decodes them.
func TestEveryVersionAndMask(t *testing.T) {
	rnd := rand.New(rand.NewPCG(seed, seed))
	for v := MinVersion; v <= MaxVersion; v++ {
		for l := L; l <= H; l++ {
			data := make([]byte, Capacity(v, l))
			for i := range data {
				data[i] = byte(rnd.IntN(256))
			}
			mask := (v + int(l)) % 8
			c := encode(data, l, v, mask)
			got, info := decodeCode(t, c)
			if !bytes.Equal(got, data) {
				t.Errorf("version %d-%s: decoded data differ", v, l)
			}
			if info.corrected != 0 {
				t.Errorf("version %d-%s: %d codewords needed correcting", v, l, info.corrected)
			}
		}
	}
}

// TestErrorCorrection flips modules of codes (data modules and format
// modules) and checks that the decoder corrects them: the error correction
// codewords are right, not merely present.
func TestErrorCorrection(t *testing.T) {
	rnd := rand.New(rand.NewPCG(seed, seed))
	for _, test := range []struct {
		n, flips int // link length; data modules flipped
	}{
		{10, 4}, {60, 6}, {300, 12}, {1200, 25},
	} {
		c, err := EncodeLink(link(test.n))
		if err != nil {
			t.Fatal(err)
		}
		function := make([]bool, c.Size*c.Size)
		probe := &Code{Version: c.Version, Level: c.Level, Size: c.Size, dark: make([]bool, c.Size*c.Size)}
		probe.drawFunctionPatterns(function)
		// Flip modules far enough apart to hit different codewords (a
		// codeword spans at most 8 rows of a column pair).
		flipped := 0
		for flipped < test.flips {
			x, y := rnd.IntN(c.Size), rnd.IntN(c.Size)
			if function[y*c.Size+x] {
				continue
			}
			c.dark[y*c.Size+x] = !c.dark[y*c.Size+x]
			flipped++
		}
		// Two format modules of the first copy.
		c.dark[2*c.Size+8] = !c.dark[2*c.Size+8]
		c.dark[8*c.Size+1] = !c.dark[8*c.Size+1]
		got, info, err := decode(c.Size, c.Dark)
		if err != nil {
			t.Fatalf("%d bytes, %d flips: %v", test.n, test.flips, err)
		}
		if string(got) != link(test.n) {
			t.Errorf("%d bytes: decoded %q", test.n, got)
		}
		if info.corrected == 0 || info.corrected > test.flips {
			t.Errorf("%d bytes: corrected %d codewords for %d flipped modules", test.n, info.corrected, test.flips)
		}
	}
	// Six damaged codewords of a block with ten error correction codewords
	// are more than it can correct: the decoder must not return the link.
	// In 1-M the first six codewords fill columns 17 to 20 of rows 9 to 20.
	c, _ := EncodeLink(link(10))
	for y := 9; y <= 20; y++ {
		for x := 17; x <= 20; x++ {
			c.dark[y*c.Size+x] = !c.dark[y*c.Size+x]
		}
	}
	if got, _, err := decode(c.Size, c.Dark); err == nil && string(got) == link(10) {
		t.Errorf("a code with six of its 26 codewords inverted decoded to the link")
	} else {
		t.Logf("six inverted codewords: %v", err)
	}
}

// TestCapacity checks the block tables against the standard's byte-mode
// capacities, and rawModules against a count of the modules left free by
// the function patterns that the decoder draws.
func TestCapacity(t *testing.T) {
	for _, test := range []struct {
		version int
		want    [4]int // L, M, Q, H
	}{
		{1, [4]int{17, 14, 11, 7}},
		{2, [4]int{32, 26, 20, 14}},
		{3, [4]int{53, 42, 32, 24}},
		{4, [4]int{78, 62, 46, 34}},
		{5, [4]int{106, 84, 60, 44}},
		{6, [4]int{134, 106, 74, 58}},
		{7, [4]int{154, 122, 86, 64}},
		{10, [4]int{271, 213, 151, 119}},
		{20, [4]int{858, 666, 482, 382}},
		{40, [4]int{2953, 2331, 1663, 1273}},
	} {
		for l := L; l <= H; l++ {
			if got := Capacity(test.version, l); got != test.want[l] {
				t.Errorf("Capacity(%d, %s) = %d, want %d", test.version, l, got, test.want[l])
			}
		}
	}
	for v := MinVersion; v <= MaxVersion; v++ {
		c := &Code{Version: v, Size: Size(v), dark: make([]bool, Size(v)*Size(v))}
		function := make([]bool, c.Size*c.Size)
		c.drawFunctionPatterns(function)
		free := 0
		for _, f := range function {
			if !f {
				free++
			}
		}
		if free != rawModules(v) {
			t.Errorf("version %d: %d free modules, rawModules says %d", v, free, rawModules(v))
		}
		for l := L; l <= H; l++ {
			if raw, nb := rawCodewords(v), numBlocks[l][v]; raw/nb-eccPerBlock[l][v] <= 0 || dataCodewords(v, l) <= 0 {
				t.Errorf("version %d-%s: %d codewords in %d blocks", v, l, raw, nb)
			}
		}
	}
}

func TestAlignmentPositions(t *testing.T) {
	for v := MinVersion; v <= MaxVersion; v++ {
		if got := alignmentPositions(v); !slices.Equal(got, alignmentTable[v]) {
			t.Errorf("version %d: %v, want %v", v, got, alignmentTable[v])
		}
	}
}

// TestFormatAndVersionInfo checks the BCH-coded words against the
// standard's tables of all valid words.
func TestFormatAndVersionInfo(t *testing.T) {
	for l := L; l <= H; l++ {
		for m := 0; m < 8; m++ {
			if got, want := fmt.Sprintf("%015b", formatInfo(l, m)), formatTable[l.String()][m]; got != want {
				t.Errorf("format %s mask %d: %s, want %s", l, m, got, want)
			}
		}
	}
	for v := 7; v <= MaxVersion; v++ {
		if got := versionInfo(v); got != versionTable[v] {
			t.Errorf("version %d: %#x, want %#x", v, got, versionTable[v])
		}
	}
}

// TestReedSolomonReference checks error correction codewords against
// published worked examples.
func TestReedSolomonReference(t *testing.T) {
	for _, test := range []struct {
		name      string
		data, ecc []byte
	}{
		{
			// ISO/IEC 18004, annex I: "01234567" in numeric mode, version 1-M.
			"ISO 18004 annex I",
			[]byte{0x10, 0x20, 0x0C, 0x56, 0x61, 0x80, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11},
			[]byte{0xA5, 0x24, 0xD4, 0xC1, 0xED, 0x36, 0xC7, 0x87, 0x2C, 0x55},
		},
		{
			// Thonky's QR code tutorial: "HELLO WORLD" in alphanumeric mode, 1-M.
			"HELLO WORLD 1-M",
			[]byte{32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17},
			[]byte{196, 35, 39, 119, 235, 215, 231, 226, 93, 23},
		},
	} {
		if got := rsRemainder(test.data, rsGenerator(len(test.ecc))); !bytes.Equal(got, test.ecc) {
			t.Errorf("%s: % x, want % x", test.name, got, test.ecc)
		}
	}
	// g(x) for 7 codewords, from the standard's annex A as exponents of α:
	// x⁷ + α⁸⁷x⁶ + α²²⁹x⁵ + α¹⁴⁶x⁴ + α¹⁴⁹x³ + α²³⁸x² + α¹⁰²x + α²¹.
	var want []byte
	for _, e := range []int{87, 229, 146, 149, 238, 102, 21} {
		want = append(want, gfExp[e])
	}
	if got := rsGenerator(7); !bytes.Equal(got, want) {
		t.Errorf("generator of degree 7: % x, want % x", got, want)
	}
	// gfMul agrees with the decoder's log tables everywhere.
	for a := 0; a < 256; a++ {
		for b := 0; b < 256; b++ {
			if gfMul(byte(a), byte(b)) != mul(byte(a), byte(b)) {
				t.Fatalf("gfMul(%d, %d) = %d, want %d", a, b, gfMul(byte(a), byte(b)), mul(byte(a), byte(b)))
			}
		}
	}
}

// TestByHand checks a small code against values worked out by hand.
func TestByHand(t *testing.T) {
	// "hi" in byte mode at 1-M (16 data codewords):
	//   0100 (byte mode) 00000010 (2 bytes) 01101000 ('h') 01101001 ('i')
	//   0000 (terminator)
	// = 01000000 00100110 10000110 10010000 → 40 26 86 90, then the pads
	// EC 11 EC 11 … up to 16 codewords.
	want := []byte{0x40, 0x26, 0x86, 0x90, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11}
	if got := dataCodewordsOf([]byte("hi"), 1, M); !bytes.Equal(got, want) {
		t.Errorf("data codewords of \"hi\": % x, want % x", got, want)
	}
	// At version 10 the count takes 16 bits: 0100 00000000 00000010 0110…
	if got := dataCodewordsOf([]byte("hi"), 10, M)[:5]; !bytes.Equal(got, []byte{0x40, 0x00, 0x26, 0x86, 0x90}) {
		t.Errorf("version 10 data codewords of \"hi\": % x", got)
	}
	c, err := Encode([]byte("hi"), M)
	if err != nil {
		t.Fatal(err)
	}
	// The format modules of 1-M with the chosen mask: M is 00, so bits
	// 14–13 of the word are 00 ⊕ 10 (from the XOR mask 101010000010010) =
	// 10: the module at column 0 of row 8 (bit 14) is dark and column 1
	// (bit 13) light; and the dark module sits at column 8, row 13.
	if !c.Dark(0, 8) || c.Dark(1, 8) || !c.Dark(8, c.Size-8) {
		t.Errorf("format modules of 1-M wrong")
	}
	// Finder: the top-left 7×7 ring, its light separator, and the timing
	// pattern's first modules.
	for _, test := range []struct {
		x, y int
		dark bool
	}{
		{0, 0, true}, {6, 0, true}, {1, 1, false}, {2, 2, true}, {4, 4, true}, {5, 5, false}, {7, 7, false},
		{7, 0, false}, {0, 7, false}, {8, 6, true}, {9, 6, false}, {10, 6, true}, {6, 8, true}, {6, 9, false},
		{c.Size - 1, 0, true}, {c.Size - 8, 0, false}, {0, c.Size - 1, true}, {0, c.Size - 8, false},
	} {
		if c.Dark(test.x, test.y) != test.dark {
			t.Errorf("module (%d, %d): dark = %v, want %v", test.x, test.y, !test.dark, test.dark)
		}
	}
}

// TestPenalty checks the penalty rules on patterns scored by hand.
func TestPenalty(t *testing.T) {
	const n = 21
	all := make([]bool, n*n)
	checker := make([]bool, n*n)
	for i := range all {
		all[i] = true
		checker[i] = (i/n+i%n)%2 == 0
	}
	// All dark: every row and column is one run of 21 (3 + 16 each, 42 of
	// them: 798), 20×20 blocks (3 each: 1200), no finder-like pattern,
	// and 100 % dark: 10 steps of 5 % (100). A checkerboard scores 0.
	if got := penalty(all, n); got != 798+1200+100 {
		t.Errorf("all dark: %d, want 2098", got)
	}
	if got := penalty(checker, n); got != 0 {
		t.Errorf("checkerboard: %d, want 0", got)
	}
	// One finder-like row 1011101 followed by four light modules, in a
	// field of otherwise checkerboard rows: the row scores 40 more than
	// plain, besides the runs it makes (a run of 5 light: 3).
	m := slices.Clone(checker)
	row := "101110100001010101010"
	for x, ch := range row {
		m[x] = ch == '1'
	}
	if got := penalty(m, n) - penalty(checker, n); got < 40 {
		t.Errorf("a finder-like pattern adds %d, want at least 40", got)
	}
	// The encoder picks the mask of lowest penalty.
	data := []byte(link(120))
	c, _ := Encode(data, M)
	for mask := 0; mask < 8; mask++ {
		other := encode(data, M, c.Version, mask)
		if penalty(other.dark, other.Size) < penalty(c.dark, c.Size) {
			t.Errorf("mask %d scores lower than the chosen mask %d", mask, c.Mask)
		}
	}
}

var svgPathRE = regexp.MustCompile(`M(\d+) (\d+)h(\d+)v1h-(\d+)z`)

func TestRender(t *testing.T) {
	c, err := EncodeLink(link(80))
	if err != nil {
		t.Fatal(err)
	}
	// SVG: well-formed XML whose path draws exactly the dark modules.
	svg := c.SVG()
	var doc struct {
		XMLName xml.Name
		ViewBox string `xml:"viewBox,attr"`
		Path    struct {
			D string `xml:"d,attr"`
		} `xml:"path"`
	}
	if err := xml.Unmarshal([]byte(svg), &doc); err != nil {
		t.Fatalf("SVG does not parse: %v", err)
	}
	side := c.Size + 2*QuietZone
	if doc.XMLName.Local != "svg" || doc.ViewBox != fmt.Sprintf("0 0 %d %d", side, side) {
		t.Errorf("root %s viewBox %q", doc.XMLName.Local, doc.ViewBox)
	}
	drawn := make([]bool, c.Size*c.Size)
	for _, m := range svgPathRE.FindAllStringSubmatch(doc.Path.D, -1) {
		x, _ := strconv.Atoi(m[1])
		y, _ := strconv.Atoi(m[2])
		w, _ := strconv.Atoi(m[3])
		for i := 0; i < w; i++ {
			drawn[(y-QuietZone)*c.Size+x-QuietZone+i] = true
		}
	}
	if !slices.Equal(drawn, c.dark) {
		t.Errorf("the SVG path does not draw the dark modules")
	}
	// PNG and RGBA: each module's pixels have its colour; the quiet zone is white.
	const scale = 3
	var buf bytes.Buffer
	if err := c.PNG(&buf, scale); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		t.Fatalf("PNG does not decode: %v", err)
	}
	pix, w := c.RGBA(scale)
	if w != side*scale || img.Bounds().Dx() != w || len(pix) != 4*w*w {
		t.Fatalf("size %d, image %v, %d bytes", w, img.Bounds(), len(pix))
	}
	for y := -QuietZone; y < c.Size+QuietZone; y++ {
		for x := -QuietZone; x < c.Size+QuietZone; x++ {
			px, py := (x+QuietZone)*scale+1, (y+QuietZone)*scale+2
			r, _, _, a := img.At(px, py).RGBA()
			want := uint32(0xffff)
			if c.Dark(x, y) {
				want = 0
			}
			if r != want || a != 0xffff || uint32(pix[4*(py*w+px)])*0x101 != want {
				t.Fatalf("module (%d, %d): pixel %d, want %d", x, y, r, want)
			}
		}
	}
}

// TestZbar scans our codes with zbarimg, an independent decoder, where it
// is installed (Debian's zbar-tools); the decoder in decode_test.go is the
// test that always runs.
func TestZbar(t *testing.T) {
	zbar, err := exec.LookPath("zbarimg")
	if err != nil {
		t.Skip("zbarimg not installed (apt-get install zbar-tools)")
	}
	dir := t.TempDir()
	for _, n := range []int{5, 40, 150, 400, 900, 1500, 2331, 2900} {
		s := link(n)
		c, err := EncodeLink(s)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Join(dir, fmt.Sprintf("%d.png", n))
		var buf bytes.Buffer
		if err := c.PNG(&buf, 4); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(zbar, "--raw", "-q", "-Sbinary", name).Output()
		if err != nil {
			t.Errorf("%d bytes (version %d-%s): zbarimg: %v", n, c.Version, c.Level, err)
			continue
		}
		if got := strings.TrimSuffix(string(out), "\n"); got != s {
			t.Errorf("%d bytes (version %d-%s): zbarimg read %q", n, c.Version, c.Level, got)
		}
	}
}

func BenchmarkEncodeLink(b *testing.B) {
	for _, n := range []int{100, 2000} {
		s := link(n)
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			for b.Loop() {
				EncodeLink(s)
			}
		})
	}
}
