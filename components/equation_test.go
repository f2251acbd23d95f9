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

func TestMathLine(t *testing.T) {
	t.Parallel()
	mi := func(s string) MathNode { return MathNode{Tag: "mi", Text: s} }
	mo := func(s string) MathNode { return MathNode{Tag: "mo", Text: s} }
	mn := func(s string) MathNode { return MathNode{Tag: "mn", Text: s} }
	row := func(k ...MathNode) MathNode { return MathNode{Tag: "mrow", Kids: k} }
	sub := func(b MathNode, i ...MathNode) MathNode { return MathNode{Tag: "msub", Kids: []MathNode{b, row(i...)}} }
	sup := func(b MathNode, i ...MathNode) MathNode { return MathNode{Tag: "msup", Kids: []MathNode{b, row(i...)}} }
	space := MathNode{Tag: "mspace"}
	T := MathNode{Tag: "mi", Text: "T", Normal: true}
	for _, test := range []struct {
		eq   string
		want []MathNode
	}{
		{"ΔW_l = −η δ_l h_{l−1}ᵀ", []MathNode{
			{Tag: "mi", Text: "Δ", Normal: true}, sub(mi("W"), mi("l")), mo("="), mo("−"),
			mi("η"), space, sub(mi("δ"), mi("l")), space,
			{Tag: "msubsup", Kids: []MathNode{mi("h"), row(mi("l"), mo("−"), mn("1")), row(T)}},
		}},
		{"σ² + 0.5 x̃", []MathNode{mi("σ"), mn("²"), mo("+"), mn("0.5"), space, mi("x̃")}},
		{"readout: fixed random", []MathNode{mi("readout"), mo(":"), mi("fixed"), space, mi("random")}},
		{"Mᵀ", []MathNode{sup(mi("M"), T)}},
		{"f′(a)", []MathNode{sup(mi("f"), mo("′")), mo("("), mi("a"), mo(")")}},
	} {
		lines := EquationLines(test.eq)
		if len(lines) != 1 {
			t.Fatalf("%q: %d lines", test.eq, len(lines))
		}
		if got := MathLine(lines[0]); !reflect.DeepEqual(got, test.want) {
			t.Errorf("MathLine(%q)\n got  %+v\n want %+v", test.eq, got, test.want)
		}
	}
}
