package components

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// EqPart is a run of an equation's text: plain, a subscript or a
// superscript.
type EqPart struct {
	Text     string
	Sub, Sup bool
}

// EquationLines splits an update equation, written in Unicode math with
// TeX-style indices ("δ_l = (W_{l+1}ᵀ δ_{l+1}) ⊙ f′(a_l);  ΔW_l = …"), into
// its statements (separated by ';' outside brackets), each as runs of plain
// text, subscripts and superscripts: "_x" and "^x" take one character,
// "_{…}" and "^{…}" a group. Anything else is kept as written.
func EquationLines(eq string) [][]EqPart {
	var lines [][]EqPart
	for _, stmt := range splitStatements(eq) {
		if s := strings.TrimSpace(stmt); s != "" {
			lines = append(lines, equationParts(s))
		}
	}
	return lines
}

// splitStatements splits s at the semicolons that are outside brackets.
func splitStatements(s string) []string {
	var out []string
	depth, start := 0, 0
	for i, r := range s {
		switch r {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth = max(0, depth-1)
		case ';':
			if depth == 0 {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	return append(out, s[start:])
}

// equationParts reads one statement's indices.
func equationParts(s string) []EqPart {
	var parts []EqPart
	var plain strings.Builder
	flush := func() {
		if plain.Len() > 0 {
			parts = append(parts, EqPart{Text: plain.String()})
			plain.Reset()
		}
	}
	for i := 0; i < len(s); {
		c := s[i]
		if (c == '_' || c == '^') && i+1 < len(s) && s[i+1] != ' ' {
			var idx string
			if s[i+1] == '{' {
				end := matchingBrace(s, i+1)
				if end < 0 {
					plain.WriteByte(c)
					i++
					continue
				}
				idx, i = s[i+2:end], end+1
			} else {
				_, n := utf8.DecodeRuneInString(s[i+1:])
				idx, i = s[i+1:i+1+n], i+1+n
			}
			flush()
			parts = append(parts, EqPart{Text: idx, Sub: c == '_', Sup: c == '^'})
			continue
		}
		plain.WriteByte(c)
		i++
	}
	flush()
	return parts
}

// matchingBrace returns the index of the '}' that closes the '{' at open,
// or −1.
func matchingBrace(s string, open int) int {
	depth := 0
	for i := open; i < len(s); i++ {
		switch s[i] {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// MathNode is a node of an equation's MathML: a token (Tag "mi", "mn",
// "mo" or "mspace") with its Text, or a script (Tag "msub" or "msup") whose
// two Kids are its base and its index (an "mrow"), or "msubsup" with a base
// and both indices. Normal asks an "mi" to
// be upright (capital Greek: Δ is a difference, not a variable).
type MathNode struct {
	Tag, Text string
	Normal    bool
	Kids      []MathNode
}

// MathLine turns one statement of EquationLines into MathML nodes. Letters
// are identifiers, one per letter (a run of Latin letters, like "rms" or
// "readout", is one upright identifier); digits are numbers; every other
// symbol is an operator. A combining mark joins the letter before it, and
// "ᵀ" and "′" are superscripts (a transpose, a derivative). Where the text puts a space between two
// identifiers or numbers ("η δ", "fixed random") the MathML keeps a thin
// space; around operators, MathML spaces them itself.
func MathLine(parts []EqPart) []MathNode {
	var out []MathNode
	for _, p := range parts {
		if !p.Sub && !p.Sup {
			out = appendTokens(out, p.Text)
			continue
		}
		var base MathNode
		if n := len(out); n > 0 && out[n-1].Tag != "mspace" {
			base, out = out[n-1], out[:n-1]
		} else {
			base = MathNode{Tag: "mrow"}
		}
		tag := "msub"
		if p.Sup {
			tag = "msup"
		}
		out = append(out, script(tag, base, MathNode{Tag: "mrow", Kids: appendTokens(nil, p.Text)}))
	}
	return out
}

// script returns base with the index (tag msub or msup); a superscript on a
// subscripted base makes one msubsup, so that both sit beside the base
// (h_{l−1}ᵀ).
func script(tag string, base, index MathNode) MathNode {
	if tag == "msup" && base.Tag == "msub" {
		return MathNode{Tag: "msubsup", Kids: []MathNode{base.Kids[0], base.Kids[1], index}}
	}
	return MathNode{Tag: tag, Kids: []MathNode{base, index}}
}

// appendTokens appends the tokens of plain text s to out.
func appendTokens(out []MathNode, s string) []MathNode {
	rs := []rune(s)
	space := false // whitespace since the last token
	operand := func(n MathNode) bool { return n.Tag != "mo" && n.Tag != "mspace" }
	add := func(n MathNode) {
		if space && len(out) > 0 && operand(out[len(out)-1]) && operand(n) {
			out = append(out, MathNode{Tag: "mspace"})
		}
		space = false
		out = append(out, n)
	}
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case unicode.IsSpace(r):
			space = true
		case unicode.Is(unicode.Mn, r) && len(out) > 0: // a combining mark: ŷ, z̃
			out[len(out)-1].Text += string(r)
		case r == 'ᵀ' || r == '′':
			var base MathNode
			if n := len(out); n > 0 && out[n-1].Tag != "mspace" && !space {
				base, out = out[n-1], out[:n-1]
			} else {
				base = MathNode{Tag: "mrow"}
			}
			space = false
			index := MathNode{Tag: "mi", Text: "T", Normal: true}
			if r == '′' {
				index = MathNode{Tag: "mo", Text: "′"}
			}
			out = append(out, script("msup", base, MathNode{Tag: "mrow", Kids: []MathNode{index}}))
		case r < unicode.MaxASCII && unicode.IsLetter(r):
			j := i
			for j+1 < len(rs) && rs[j+1] < unicode.MaxASCII && unicode.IsLetter(rs[j+1]) {
				j++
			}
			add(MathNode{Tag: "mi", Text: string(rs[i : j+1])})
			i = j
		case unicode.IsLetter(r):
			add(MathNode{Tag: "mi", Text: string(r), Normal: unicode.IsUpper(r) && unicode.Is(unicode.Greek, r)})
		case unicode.IsDigit(r):
			j := i
			for j+1 < len(rs) && (unicode.IsDigit(rs[j+1]) || rs[j+1] == '.' && j+2 < len(rs) && unicode.IsDigit(rs[j+2])) {
				j++
			}
			add(MathNode{Tag: "mn", Text: string(rs[i : j+1])})
			i = j
		case unicode.IsNumber(r): // ², ½
			add(MathNode{Tag: "mn", Text: string(r)})
		default:
			space = false
			out = append(out, MathNode{Tag: "mo", Text: string(r)})
		}
	}
	return out
}
