package qr

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"strings"
)

// QuietZone is the light margin, in modules, that the standard asks
// around a code so that scanners find its edges.
const QuietZone = 4

// SVG returns the code as an SVG document: a white square with the quiet
// zone and one black path of all dark modules, in units of modules
// (viewBox 0 0 Size+8 Size+8), so that it scales to any size crisply. The
// path draws each horizontal run of dark modules as one rectangle.
func (c *Code) SVG() string {
	side := c.Size + 2*QuietZone
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" shape-rendering="crispEdges">`, side, side)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="`, side, side)
	for y := 0; y < c.Size; y++ {
		for x := 0; x < c.Size; {
			if !c.Dark(x, y) {
				x++
				continue
			}
			run := 1
			for c.Dark(x+run, y) {
				run++
			}
			fmt.Fprintf(&b, "M%d %dh%dv1h-%dz", x+QuietZone, y+QuietZone, run, run)
			x += run
		}
	}
	b.WriteString(`"/></svg>`)
	return b.String()
}

// WriteSVG writes c.SVG() to w.
func (c *Code) WriteSVG(w io.Writer) error {
	_, err := io.WriteString(w, c.SVG())
	return err
}

// RGBA returns the code as RGBA pixels (row-major, 4 bytes a pixel, ready
// for a canvas's putImageData) with scale pixels a module and the quiet
// zone, and the side of the square in pixels. A scale below 1 counts as 1.
func (c *Code) RGBA(scale int) (pix []byte, side int) {
	img := c.Image(scale)
	return img.Pix, img.Rect.Dx()
}

// Image returns the code as an image with scale pixels a module (at least
// 1) and the quiet zone: black on white.
func (c *Code) Image(scale int) *image.RGBA {
	scale = max(scale, 1)
	side := (c.Size + 2*QuietZone) * scale
	img := image.NewRGBA(image.Rect(0, 0, side, side))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	black := color.RGBA{0, 0, 0, 0xff}
	for y := 0; y < c.Size; y++ {
		for x := 0; x < c.Size; x++ {
			if !c.Dark(x, y) {
				continue
			}
			for py := 0; py < scale; py++ {
				for px := 0; px < scale; px++ {
					img.SetRGBA((x+QuietZone)*scale+px, (y+QuietZone)*scale+py, black)
				}
			}
		}
	}
	return img
}

// PNG writes the code as a PNG image with scale pixels a module.
func (c *Code) PNG(w io.Writer, scale int) error {
	return png.Encode(w, c.Image(scale))
}
