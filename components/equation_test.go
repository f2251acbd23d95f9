package components

import (
	"reflect"
	"testing"
)

func TestEquationLines(t *testing.T) {
	t.Parallel()
	plain := func(s string) EqPart { return EqPart{Text: s} }
	sub := func(s string) EqPart { return EqPart{Text: s, Sub: true} }
	sup := func(s string) EqPart { return EqPart{Text: s, Sup: true} }
	for i, test := range []struct {
		eq   string
		want [][]EqPart
	}{
		{"δ_L = ŷ − y", [][]EqPart{{plain("δ"), sub("L"), plain(" = ŷ − y")}}},
		{"δ_l = (W_{l+1}ᵀ δ_{l+1}) ⊙ f′(a_l);  ΔW_l = −η δ_l h_{l−1}ᵀ", [][]EqPart{
			{plain("δ"), sub("l"), plain(" = (W"), sub("l+1"), plain("ᵀ δ"), sub("l+1"), plain(") ⊙ f′(a"), sub("l"), plain(")")},
			{plain("ΔW"), sub("l"), plain(" = −η δ"), sub("l"), plain(" h"), sub("l−1"), plain("ᵀ")},
		}},
		{"x^2 + e^{-t}", [][]EqPart{{plain("x"), sup("2"), plain(" + e"), sup("-t")}}},
		{"s = P û / τ  (M: m ⊙ P û;  MxM: Mᵀ P û)", [][]EqPart{ // no split inside brackets
			{plain("s = P û / τ  (M: m ⊙ P û;  MxM: Mᵀ P û)")},
		}},
		{"a_ b;;", [][]EqPart{{plain("a_ b")}}}, // "_ " is kept; empty statements dropped
		{"η_B x_{open", [][]EqPart{{plain("η"), sub("B"), plain(" x_{open")}}},
	} {
		if got := EquationLines(test.eq); !reflect.DeepEqual(got, test.want) {
			t.Errorf("%d: EquationLines(%q)\n got  %+v\n want %+v", i, test.eq, got, test.want)
		}
	}
}
