package run

// RGB is a colour.
type RGB struct{ R, G, B uint8 }

// Palette is the colours the maps are painted in: a diverging scale from
// Negative through Background to Positive, and one colour per class.
//
// Every palette keeps the same hues, orange for negative values and class 0,
// blue for positive values and class 1, so that the page's explanations
// ("orange negative, blue positive") hold in each. Orange and blue stay
// distinct under the common colour-vision deficiencies (protanopia,
// deuteranopia, tritanopia), unlike red and green; the classes use Okabe &
// Ito's colour-blind-safe set (2008), and the page also gives every class a
// marker shape, so colour is never the only cue.
type Palette struct {
	Negative, Background, Positive RGB
	Classes                        [8]RGB
}

// The palettes, for light and dark pages, ordinary and high contrast.
// Background is the colour of "undecided" and of zero: near the page's own
// background, so that a map's uncertain regions read as empty.
var (
	// Light is the default: near-white maps.
	Light = Palette{
		Negative:   RGB{0xe6, 0x7e, 0x22}, // orange
		Background: RGB{0xf2, 0xf2, 0xee}, // near white
		Positive:   RGB{0x1f, 0x6f, 0xb4}, // blue
		Classes: [8]RGB{
			{0xe6, 0x7e, 0x22}, {0x1f, 0x6f, 0xb4}, // the diverging ends
			{0x00, 0x9e, 0x73}, // bluish green
			{0xcc, 0x79, 0xa7}, // reddish purple
			{0xd5, 0x5e, 0x00}, // vermilion
			{0x56, 0xb4, 0xe9}, // sky blue
			{0xf0, 0xe4, 0x42}, // yellow
			{0x40, 0x40, 0x40}, // dark grey
		},
	}
	// Dark is for a page in the dark colour scheme: near-black maps, a
	// lighter blue (Light's blue on near black has a contrast of about 3:1,
	// this one about 6:1) and a light grey for the last class.
	Dark = Palette{
		Negative:   RGB{0xf0, 0x8a, 0x2c},
		Background: RGB{0x1d, 0x21, 0x27},
		Positive:   RGB{0x5a, 0xa6, 0xf0},
		Classes: [8]RGB{
			{0xf0, 0x8a, 0x2c}, {0x5a, 0xa6, 0xf0},
			{0x19, 0xc0, 0x94}, {0xe0, 0x93, 0xbf}, {0xff, 0x7a, 0x1a},
			{0x8a, 0xcc, 0xf5}, {0xf0, 0xe4, 0x42}, {0xc8, 0xc8, 0xc8},
		},
	}
	// LightContrast is the high-contrast palette of a light page: white
	// maps and darker ends, each at least 4.5:1 against white.
	LightContrast = Palette{
		Negative:   RGB{0xb3, 0x4a, 0x00},
		Background: RGB{0xff, 0xff, 0xff},
		Positive:   RGB{0x0b, 0x3c, 0x8c},
		Classes: [8]RGB{
			{0xb3, 0x4a, 0x00}, {0x0b, 0x3c, 0x8c},
			{0x00, 0x6e, 0x50}, {0x9c, 0x3d, 0x78}, {0x8f, 0x2d, 0x00},
			{0x1c, 0x6e, 0xa4}, {0x6e, 0x64, 0x00}, {0x00, 0x00, 0x00},
		},
	}
	// DarkContrast is the high-contrast palette of a dark page: black maps
	// and bright ends, each at least 7:1 against black.
	DarkContrast = Palette{
		Negative:   RGB{0xff, 0x9e, 0x40},
		Background: RGB{0x00, 0x00, 0x00},
		Positive:   RGB{0x6c, 0xb8, 0xff},
		Classes: [8]RGB{
			{0xff, 0x9e, 0x40}, {0x6c, 0xb8, 0xff},
			{0x2e, 0xe6, 0xb0}, {0xff, 0xa8, 0xd8}, {0xff, 0x80, 0x40},
			{0xa6, 0xde, 0xff}, {0xff, 0xf0, 0x5a}, {0xff, 0xff, 0xff},
		},
	}
)

// PaletteFor returns the palette of a page in the dark colour scheme or
// not, with high contrast or not.
func PaletteFor(dark, contrast bool) Palette {
	switch {
	case dark && contrast:
		return DarkContrast
	case dark:
		return Dark
	case contrast:
		return LightContrast
	}
	return Light
}

// The palette every painting function of this package uses (Diverging,
// ClassColor, Run.Paint), and its colours under their own names. They are
// Light's unless SetPalette changed them.
var (
	current    = Light
	Negative   = Light.Negative   // orange: class 0, negative values
	Background = Light.Background // undecided, zero
	Positive   = Light.Positive   // blue: class 1, positive values
)

// SetPalette makes p the palette that Diverging, ClassColor and Run.Paint
// use from then on, and Negative, Background and Positive its colours. The
// page calls it when the colour scheme or the contrast changes, between
// frames: it must not be called while another goroutine paints.
func SetPalette(p Palette) {
	current = p
	Negative, Background, Positive = p.Negative, p.Background, p.Positive
}

// CurrentPalette returns the palette SetPalette set last (Light at first).
func CurrentPalette() Palette { return current }

// Palettes are the palettes by number, as the training workers' protocol
// names them (Message.Palette).
var Palettes = [...]Palette{Light, Dark, LightContrast, DarkContrast}

// PaletteIndex returns p's index in Palettes (0, Light's, for another).
func PaletteIndex(p Palette) int {
	for i, q := range Palettes {
		if q == p {
			return i
		}
	}
	return 0
}

// ClassColor returns the colour of class c in the current palette.
func ClassColor(c int) RGB { return current.Class(c) }

// Diverging maps v ∈ [−1, 1] (clamped) onto the current palette.
func Diverging(v float64) RGB { return current.Diverging(v) }

// Class returns the colour of class c.
func (p Palette) Class(c int) RGB { return p.Classes[c%len(p.Classes)] }

// Diverging maps v ∈ [−1, 1] (clamped) from Negative through Background
// (at 0) to Positive.
func (p Palette) Diverging(v float64) RGB {
	switch {
	case v != v: // NaN: draw as undecided rather than garbage
		return p.Background
	case v < 0:
		return Mix(p.Background, p.Negative, clamp01(-v))
	default:
		return Mix(p.Background, p.Positive, clamp01(v))
	}
}

// Mix returns a + t·(b − a) per channel.
func Mix(a, b RGB, t float64) RGB {
	lerp := func(x, y uint8) uint8 { return uint8(float64(x) + t*(float64(y)-float64(x)) + 0.5) }
	return RGB{lerp(a.R, b.R), lerp(a.G, b.G), lerp(a.B, b.B)}
}

func clamp01(x float64) float64 { return max(0, min(1, x)) }
