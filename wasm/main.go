// Command wasm is the browser side of the playground, built with
// GOOS=js GOARCH=wasm into web/app.wasm.
package main

import (
	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	playground "plasticity/app"
)

func main() {
	playground.Register()
	goapp.RunWhenOnBrowser()
}
