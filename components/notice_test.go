package components

import (
	"testing"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

func TestNoticeEmpty(t *testing.T) {
	t.Parallel()
	n := &Notice{}
	load(t, n)
	// Always in the page, hidden when there is nothing to say.
	match(t, goapp.Div().ID("notice").Class("notice", "notice-info").Role("status").
		Aria("live", "polite").Hidden(true), n, 0)
}

func TestNotice(t *testing.T) {
	t.Parallel()
	n := &Notice{Kind: "warning", Title: "Some settings in the link could not be used:",
		Items: []string{`lr: "banana" is not a number; using 0.03`, `data: unknown dataset "x"; using spiral`}}
	load(t, n)
	match(t, goapp.Div().ID("notice").Class("notice", "notice-warning").Role("status").
		Aria("live", "polite").Hidden(false), n, 0)
	match(t, goapp.Text("Some settings in the link could not be used:"), n, 0, 0, 0, 0)
	match(t, goapp.Text(`lr: "banana" is not a number; using 0.03`), n, 0, 0, 1, 0, 0)
	match(t, goapp.Text(`data: unknown dataset "x"; using spiral`), n, 0, 0, 1, 1, 0)
}

func TestNoticeError(t *testing.T) {
	t.Parallel()
	n := &Notice{Kind: "error", Title: "Training diverged at step 50. Try a smaller learning rate (now 90), then reset."}
	load(t, n)
	match(t, goapp.Div().ID("notice").Class("notice", "notice-error").Role("alert").
		Aria("live", "polite").Hidden(false), n, 0)
	match(t, goapp.Text("Training diverged at step 50. Try a smaller learning rate (now 90), then reset."), n, 0, 0, 0, 0)
}
