package run

import (
	"math"
	"testing"
)

// TestPalettesColourBlindSafe checks the claim of Palette's doc comment:
// the two ends of every palette stay far apart for viewers with each
// common colour-vision deficiency, simulated with Machado, Oliveira &
// Fernandes's matrices (2009, severity 1) in linear RGB, and compared as
// CIELAB distances (ΔE*ab, 1976). A ΔE of about 2.3 is just noticeable;
// the palettes measure 87 to 113, and the threshold of 40 leaves room to
// retune a colour without losing the property.
func TestPalettesColourBlindSafe(t *testing.T) {
	t.Parallel()
	sims := []struct {
		name string
		m    [3][3]float64
	}{
		{"normal vision", [3][3]float64{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}},
		{"protanopia", [3][3]float64{{0.152286, 1.052583, -0.204868}, {0.114503, 0.786281, 0.099216}, {-0.003882, -0.048116, 1.051998}}},
		{"deuteranopia", [3][3]float64{{0.367322, 0.860646, -0.227968}, {0.280085, 0.672501, 0.047413}, {-0.011820, 0.042940, 0.968881}}},
		{"tritanopia", [3][3]float64{{1.255528, -0.076749, -0.178779}, {-0.078411, 0.930809, 0.147602}, {0.004733, 0.691367, 0.303900}}},
	}
	const minDeltaE = 40
	for _, p := range []struct {
		name string
		p    Palette
	}{{"Light", Light}, {"Dark", Dark}, {"LightContrast", LightContrast}, {"DarkContrast", DarkContrast}} {
		for _, s := range sims {
			d := deltaE(simulate(p.p.Negative, s.m), simulate(p.p.Positive, s.m))
			if d < minDeltaE {
				t.Errorf("%s under %s: the ends are ΔE %.1f apart, want at least %d", p.name, s.name, d, minDeltaE)
			}
		}
	}
}

// TestPaletteContrast checks the contrast ratios (WCAG 2) the palettes'
// comments promise between each end and the background.
func TestPaletteContrast(t *testing.T) {
	t.Parallel()
	for _, test := range []struct {
		name string
		p    Palette
		min  float64
	}{
		{"Dark", Dark, 4.5},
		{"LightContrast", LightContrast, 4.5},
		{"DarkContrast", DarkContrast, 7},
	} {
		for _, end := range []RGB{test.p.Negative, test.p.Positive} {
			if c := contrastRatio(end, test.p.Background); c < test.min {
				t.Errorf("%s: %v on %v has contrast %.2f, want at least %g", test.name, end, test.p.Background, c, test.min)
			}
		}
	}
}

func TestSetPalette(t *testing.T) {
	defer SetPalette(Light)
	for _, test := range []struct {
		dark, contrast bool
		want           Palette
	}{{false, false, Light}, {true, false, Dark}, {false, true, LightContrast}, {true, true, DarkContrast}} {
		p := PaletteFor(test.dark, test.contrast)
		if p != test.want {
			t.Errorf("PaletteFor(%v, %v) = %v, want %v", test.dark, test.contrast, p, test.want)
		}
		SetPalette(p)
		if Diverging(0) != p.Background || Diverging(-1) != p.Negative || Diverging(1) != p.Positive || ClassColor(9) != p.Classes[1] {
			t.Errorf("after SetPalette(%v): Diverging(−1, 0, 1) = %v %v %v, ClassColor(9) = %v",
				p, Diverging(-1), Diverging(0), Diverging(1), ClassColor(9))
		}
		if Background != p.Background || CurrentPalette() != p {
			t.Errorf("after SetPalette(%v): Background %v, CurrentPalette %v", p, Background, CurrentPalette())
		}
	}
}

// linear converts an sRGB channel to linear light.
func linear(c uint8) float64 {
	v := float64(c) / 255
	if v <= 0.04045 {
		return v / 12.92
	}
	return math.Pow((v+0.055)/1.055, 2.4)
}

// simulate returns c as a viewer with the deficiency of matrix m sees it,
// in linear RGB.
func simulate(c RGB, m [3][3]float64) [3]float64 {
	l := [3]float64{linear(c.R), linear(c.G), linear(c.B)}
	var out [3]float64
	for i := range out {
		out[i] = max(0, min(1, m[i][0]*l[0]+m[i][1]*l[1]+m[i][2]*l[2]))
	}
	return out
}

// deltaE is the CIELAB distance (D65) between two linear-RGB colours.
func deltaE(a, b [3]float64) float64 {
	la, lb := lab(a), lab(b)
	return math.Sqrt((la[0]-lb[0])*(la[0]-lb[0]) + (la[1]-lb[1])*(la[1]-lb[1]) + (la[2]-lb[2])*(la[2]-lb[2]))
}

func lab(c [3]float64) [3]float64 {
	x := (0.4124*c[0] + 0.3576*c[1] + 0.1805*c[2]) / 0.95047
	y := 0.2126*c[0] + 0.7152*c[1] + 0.0722*c[2]
	z := (0.0193*c[0] + 0.1192*c[1] + 0.9505*c[2]) / 1.08883
	f := func(t float64) float64 {
		if t > 0.008856 {
			return math.Cbrt(t)
		}
		return 7.787*t + 16.0/116
	}
	return [3]float64{116*f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))}
}

// contrastRatio is WCAG 2's contrast ratio of two colours.
func contrastRatio(a, b RGB) float64 {
	lum := func(c RGB) float64 { return 0.2126*linear(c.R) + 0.7152*linear(c.G) + 0.0722*linear(c.B) }
	la, lb := lum(a), lum(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}
