package app

import goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

// The address bar and the clipboard. These run in the browser only; on the
// server goapp.Window() is inert.

// pageQuery returns the query string of the page's address (without '?').
func pageQuery() string {
	return goapp.Window().URL().RawQuery
}

// showLink puts the experiment's link in the address bar without a reload
// or a new history entry: the address bar always holds the experiment.
func showLink(query string) {
	if !goapp.IsClient {
		return
	}
	goapp.Window().Get("history").Call("replaceState", nil, "", "?"+query)
}

// pageAddress returns the page's whole address.
func pageAddress() string {
	if !goapp.IsClient {
		return ""
	}
	return goapp.Window().Get("location").Get("href").String()
}

// copyText writes text to the clipboard and calls done with whether it
// worked. Without navigator.clipboard (an insecure origin, an old browser)
// it calls done(false) at once.
func copyText(text string, done func(ok bool)) {
	clip := goapp.Window().Get("navigator").Get("clipboard")
	if !clip.Truthy() {
		done(false)
		return
	}
	var ok, fail goapp.Func
	finish := func(res bool) {
		ok.Release()
		fail.Release()
		done(res)
	}
	ok = goapp.FuncOf(func(goapp.Value, []goapp.Value) any { finish(true); return nil })
	fail = goapp.FuncOf(func(goapp.Value, []goapp.Value) any { finish(false); return nil })
	clip.Call("writeText", text).Call("then", ok, fail)
}

// selectField focuses and selects the text of the input with the given id.
func selectField(id string) {
	if el := goapp.Window().GetElementByID(id); !el.IsNull() && !el.IsUndefined() {
		el.Call("focus")
		el.Call("select")
	}
}

// focusElement focuses the element with the given id, or its first
// descendant that sel matches when sel is not empty.
func focusElement(id, sel string) {
	el := goapp.Window().GetElementByID(id)
	if el.IsNull() || el.IsUndefined() {
		return
	}
	if sel != "" {
		el = el.Call("querySelector", sel)
		if el.IsNull() || el.IsUndefined() {
			return
		}
	}
	el.Call("focus")
}
