package app

import goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

// Register registers the playground's routes. Both mains (the browser's and
// the server's) and the tests call it: go-app renders pages on the server as
// well as in the browser, so both sides must know the same routes.
func Register() {
	goapp.Route("/", func() goapp.Composer { return &Playground{} })
	// The same page as a file: a static host (plasticity static) serves
	// it at /index.html too, and a link may name it.
	goapp.Route("/index.html", func() goapp.Composer { return &Playground{} })
	goapp.Route("/lessons", func() goapp.Composer { return &LessonsPage{} }) // lessons.go
}
