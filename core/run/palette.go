package run

// RGB is a colour.
type RGB struct{ R, G, B uint8 }

// The diverging palette runs from Negative through Background to Positive.
// Orange and blue stay distinct under the common colour-vision
// deficiencies (protanopia, deuteranopia, tritanopia), unlike red and green.
var (
	Negative   = RGB{0xe6, 0x7e, 0x22} // orange: class 0, negative values
	Background = RGB{0xf2, 0xf2, 0xee} // near white: undecided, zero
	Positive   = RGB{0x1f, 0x6f, 0xb4} // blue: class 1, positive values
)

// classColors are Okabe & Ito's colour-blind-safe set (2008), with the
// first two matching the diverging palette's ends.
var classColors = [...]RGB{
	Negative, Positive,
	{0x00, 0x9e, 0x73}, // bluish green
	{0xcc, 0x79, 0xa7}, // reddish purple
	{0xd5, 0x5e, 0x00}, // vermilion
	{0x56, 0xb4, 0xe9}, // sky blue
	{0xf0, 0xe4, 0x42}, // yellow
	{0x40, 0x40, 0x40}, // dark grey
}

// ClassColor returns the colour of class c.
func ClassColor(c int) RGB { return classColors[c%len(classColors)] }

// Diverging maps v ∈ [−1, 1] (clamped) onto the diverging palette.
func Diverging(v float64) RGB {
	switch {
	case v != v: // NaN: draw as undecided rather than garbage
		return Background
	case v < 0:
		return Mix(Background, Negative, clamp01(-v))
	default:
		return Mix(Background, Positive, clamp01(v))
	}
}

// Mix returns a + t·(b − a) per channel.
func Mix(a, b RGB, t float64) RGB {
	lerp := func(x, y uint8) uint8 { return uint8(float64(x) + t*(float64(y)-float64(x)) + 0.5) }
	return RGB{lerp(a.R, b.R), lerp(a.G, b.G), lerp(a.B, b.B)}
}

func clamp01(x float64) float64 { return max(0, min(1, x)) }
