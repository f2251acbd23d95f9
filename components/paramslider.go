package components

import (
	"math"
	"strconv"
	"strings"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

// ParamSlider edits one numeric setting with a range input and a number
// input side by side, and a help line under them. It posts ActionSet with
// Key and the new value when the slider is released or the number is
// entered; while the slider moves, the number follows it.
type ParamSlider struct {
	goapp.Compo

	ID    string // id of the number input (the label points to it)
	Key   string // the link key it sets
	Label string
	Help  string // one line: what the setting does
	Value float64
	Scale SliderScale
	// NoSlider leaves the range input out (for counts with no useful
	// range, like a seed or an epoch limit).
	NoSlider bool
	// Locked shows the field disabled: a link locks it (lock=…).
	Locked bool

	draft string // the value shown while the slider moves
}

// Render implements goapp.Composer.
func (p *ParamSlider) Render() goapp.UI {
	shown := FormatValue(p.Value)
	if p.draft != "" {
		shown = p.draft
	}
	step := "any"
	if p.Scale.Integer {
		step = "1"
	}
	number := disabledIf(goapp.Input().Type("number").ID("%s", p.ID).Class("num-input").
		Attr("step", step).Attr("inputmode", "decimal").
		Min(FormatValue(p.Scale.Min)).Max(FormatValue(p.Scale.Max)).
		Value(shown).
		Title("%s", lockedOr(p.Help, p.Locked)).
		Aria("describedby", p.ID+"-help"), p.Locked).
		OnChange(p.onNumber)
	return lockable(goapp.Div().Class("field").DataSet("key", p.Key), p.Locked).Body(
		goapp.Div().Class("field-head").Body(
			goapp.Label().For("%s", p.ID).Title("%s", p.Help).Text(p.Label),
		),
		goapp.Div().Class("field-row").Body(
			goapp.If(!p.NoSlider, func() goapp.UI {
				return disabledIf(goapp.Input().Type("range").ID("%s-range", p.ID).Class("slider"), p.Locked).
					Min(0).Max(SliderSteps).Step(1).
					Value(strconv.Itoa(int(p.Scale.Position(p.valueShown())))).
					Aria("label", p.Label+scaleHint(p.Scale)).
					Aria("valuetext", shown).
					Title("%s", lockedOr(p.Help, p.Locked)).
					OnInput(p.onSlide).
					OnChange(p.onRelease)
			}),
			number,
		),
		goapp.P().ID("%s-help", p.ID).Class("help").Text(p.Help),
	)
}

func scaleHint(s SliderScale) string {
	if s.Log {
		return " (logarithmic slider)"
	}
	return ""
}

func (p *ParamSlider) valueShown() float64 {
	if p.draft != "" {
		if v, err := strconv.ParseFloat(p.draft, 64); err == nil {
			return v
		}
	}
	return p.Value
}

func (p *ParamSlider) sliderValue(ctx goapp.Context) (float64, bool) {
	pos, err := strconv.ParseFloat(ctx.JSSrc().Get("value").String(), 64)
	if err != nil {
		return 0, false
	}
	return p.Scale.Value(pos), true
}

func (p *ParamSlider) onSlide(ctx goapp.Context, e goapp.Event) {
	if v, ok := p.sliderValue(ctx); ok {
		p.draft = FormatValue(v)
	}
}

func (p *ParamSlider) onRelease(ctx goapp.Context, e goapp.Event) {
	v, ok := p.sliderValue(ctx)
	p.draft = ""
	if ok && v != p.Value {
		post(ctx, ActionSet, Setting{Key: p.Key, Value: FormatValue(v)})
	}
}

func (p *ParamSlider) onNumber(ctx goapp.Context, e goapp.Event) {
	s := strings.TrimSpace(ctx.JSSrc().Get("value").String())
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return // the browser shows the field as invalid; nothing to apply
	}
	if p.Scale.Integer {
		v = math.Round(v)
	}
	p.draft = ""
	if v != p.Value {
		post(ctx, ActionSet, Setting{Key: p.Key, Value: FormatValue(v)})
	}
}
