package app

import (
	"plasticity/core/data"
	"plasticity/core/run"
)

// Dataset thumbnails: each plane dataset's points drawn small, generated in
// Go from a fixed seed (they show the dataset, not the experiment).
const (
	thumbGrid   = 72 // pixels
	thumbPoints = 240
	thumbNoise  = 0.05
	thumbSeed   = 1
)

// thumbnail returns the RGBA pixels (thumbGrid² × 4) of dataset info's
// picture: its points as 2×2 dots, coloured by class (or by target for
// regression), on the background colour. Datasets of square images show
// four examples instead (imageThumbnail); others have none (nil).
func thumbnail(info data.Info) []byte {
	if !info.Plane {
		return imageThumbnail(info)
	}
	const g = thumbGrid
	pix := make([]byte, 4*g*g)
	for p := 0; p < g*g; p++ {
		setPixel(pix, p, run.Background)
	}
	s := info.Generate(thumbPoints, data.Params{Noise: thumbNoise}, run.Stream(thumbSeed, "thumbnail/"+info.Key))
	for i := 0; i < s.N; i++ {
		x, y := s.X[2*i], s.X[2*i+1]
		var c run.RGB
		if s.Labels != nil {
			c = run.ClassColor(s.Labels[i])
		} else {
			c = run.Diverging(s.Y[i])
		}
		// The dot's top-left pixel; the plane's y = +1 is row 0.
		px := int((x + 1) / 2 * (g - 1))
		py := int((1 - y) / 2 * (g - 1))
		for dy := 0; dy < 2; dy++ {
			for dx := 0; dx < 2; dx++ {
				cx, cy := px+dx, py+dy
				if cx >= 0 && cx < g && cy >= 0 && cy < g {
					setPixel(pix, cy*g+cx, c)
				}
			}
		}
	}
	return pix
}

func setPixel(pix []byte, p int, c run.RGB) {
	pix[4*p], pix[4*p+1], pix[4*p+2], pix[4*p+3] = c.R, c.G, c.B, 255
}

// thumbs caches the thumbnails by dataset key.
var thumbs = map[string][]byte{}

// thumbnailOf returns the cached thumbnail of dataset key.
func thumbnailOf(key string) []byte {
	if pix, ok := thumbs[key]; ok {
		return pix
	}
	info, ok := data.Lookup(key)
	if !ok {
		return nil
	}
	pix := thumbnail(info)
	thumbs[key] = pix
	return pix
}
