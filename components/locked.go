package components

import goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

// A teacher's link can lock controls (lock=data,rule…): the page shows
// them disabled, with lockedHelp as their tooltip, so that a class works
// on the same experiment. Components with a Locked input use these.

// lockedHelp is the tooltip of a control that a link locks.
const lockedHelp = "Locked by the link"

// lockedOr returns help, or lockedHelp when locked.
func lockedOr(help string, locked bool) string {
	if locked {
		return lockedHelp
	}
	return help
}

// disabledIf disables e when on, and leaves it alone otherwise (so that
// an enabled control carries no disabled attribute at all).
func disabledIf[E interface{ Disabled(bool) E }](e E, on bool) E {
	if on {
		return e.Disabled(true)
	}
	return e
}

// lockable marks the container of a locked control: class "locked" (the
// stylesheet adds a lock to its label) and the tooltip, which shows even
// where a disabled control shows none.
func lockable(div goapp.HTMLDiv, locked bool) goapp.HTMLDiv {
	if !locked {
		return div
	}
	return div.Class("locked").Title(lockedHelp)
}
