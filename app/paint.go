package app

import goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

// painter puts pixels into canvases: one CopyBytesToJS into the canvas's
// ImageData and one putImageData per canvas and frame. It keeps each
// canvas's context and ImageData, and makes new ones only when the element
// under the id is another (go-app re-created it) or its size changed.
//
// On the server goapp.Window() is inert and GetElementByID returns null, so
// painting does nothing there.
type painter struct {
	canvases map[string]*canvas
}

type canvas struct {
	el, ctx, img, data goapp.Value
	w, h               int
}

// put paints the size×size RGBA pixels pix into the canvas with the given
// id, if the page has it. It reports whether it painted.
func (p *painter) put(id string, size int, pix []byte) bool {
	return p.putRect(id, size, size, pix)
}

// putRect paints the w×h RGBA pixels pix (row-major) into the canvas with
// the given id, if the page has it. It reports whether it painted.
func (p *painter) putRect(id string, w, h int, pix []byte) bool {
	if len(pix) < 4*w*h || w <= 0 || h <= 0 {
		return false
	}
	el := goapp.Window().GetElementByID(id)
	if el.IsNull() || el.IsUndefined() {
		return false
	}
	c := p.canvases[id]
	if c == nil || c.w != w || c.h != h || !c.el.Equal(el) {
		ctx := el.Call("getContext", "2d")
		if ctx.IsNull() || ctx.IsUndefined() {
			return false
		}
		img := ctx.Call("createImageData", w, h)
		c = &canvas{el: el, ctx: ctx, img: img, data: img.Get("data"), w: w, h: h}
		if p.canvases == nil {
			p.canvases = map[string]*canvas{}
		}
		p.canvases[id] = c
	}
	goapp.CopyBytesToJS(c.data, pix[:4*w*h])
	c.ctx.Call("putImageData", c.img, 0, 0)
	return true
}

// forget drops the canvases whose ids are not kept, e.g. after the network
// lost a layer.
func (p *painter) forget(keep func(id string) bool) {
	for id := range p.canvases {
		if !keep(id) {
			delete(p.canvases, id)
		}
	}
}
