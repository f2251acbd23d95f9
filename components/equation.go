package components

import (
	"strings"
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
