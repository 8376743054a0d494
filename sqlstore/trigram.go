package sqlstore

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"remit"
)

// Substring search on SQLite keeps, for each live customer, one FTS4
// document of tokens: every trigram (three consecutive characters, after
// case folding) of the name, email and phone, written as
//
//	<tenant><field><hex of the trigram's UTF-8 bytes>
//
// e.g. "3f9a0cn6a656e" for "jen" in a name. Tokens are plain lowercase
// alphanumerics, which FTS4's default tokenizer keeps whole. A search for
// name~'jenny' asks FTS4 for documents holding the tokens of some of its
// trigrams, then checks instr() on the folded column: the index narrows,
// the column decides, so results are exact.

// Field letters of trigram tokens.
const (
	trigramEmail = 'e'
	trigramName  = 'n'
	trigramPhone = 'p'
)

// maxQueryTrigrams bounds the trigrams a substring search asks FTS4 for.
// FTS4 reads the whole posting list of every token it is given, and the
// list of a common trigram ("er ", "son") holds most of the customers: so a
// search asks only for the rarest few (by trigramCost), and instr() on the
// folded column checks the candidates exactly.
const maxQueryTrigrams = 3

// letterFrequency approximates how often each letter occurs in names and
// addresses (English letter frequencies, per mille). Characters missing
// here (digits, most punctuation, other scripts) count as rare.
var letterFrequency = map[rune]int{
	'e': 127, 't': 91, 'a': 82, 'o': 75, 'i': 70, 'n': 67, 's': 63, 'h': 61, 'r': 60,
	'd': 43, 'l': 40, 'c': 28, 'u': 28, 'm': 24, 'w': 24, 'f': 22, 'g': 20, 'y': 20,
	'p': 19, 'b': 15, 'v': 10, 'k': 8, 'j': 2, 'x': 2, 'q': 1, 'z': 1,
	' ': 150, '.': 60, '@': 30, '-': 20,
}

// trigramCost estimates how long a trigram's posting list is.
func trigramCost(t string) int {
	cost := 0
	for _, r := range t {
		f, ok := letterFrequency[r]
		if !ok {
			f = 5
		}
		cost += f
	}
	return cost
}

// tenantTag is the first 6 hex digits of a hash of the scope. Two tenants
// that share a tag only share posting lists, never results.
func tenantTag(s remit.Scope) string {
	sum := sha256.Sum256([]byte(s.Account + "|" + strconv.FormatBool(s.Livemode)))
	return hex.EncodeToString(sum[:3])
}

// fold is the case folding of every case-insensitive comparison.
func fold(s string) string { return strings.ToLower(s) }

// trigrams returns the distinct trigrams of s (already folded), in order.
func trigrams(s string) []string {
	var out []string
	eachTrigram(s, func(t string) { out = append(out, t) })
	return out
}

// eachTrigram calls fn with each distinct trigram of s (already folded), in
// order of first occurrence. The trigrams are substrings of s: enumerating
// them allocates nothing for the short values customers have. Invalid UTF-8
// counts one U+FFFD per bad byte, as converting to []rune does.
func eachTrigram(s string, fn func(string)) {
	if !utf8.ValidString(s) {
		s = string([]rune(s))
	}
	var buf [64]int
	starts := buf[:0] // byte offset of each rune, then len(s)
	for i := range s {
		starts = append(starts, i)
	}
	starts = append(starts, len(s))
	n := len(starts) - 3 // number of trigrams
	var seen map[string]bool
	if n > 32 {
		seen = make(map[string]bool, n)
	}
	for i := 0; i < n; i++ {
		t := s[starts[i]:starts[i+3]]
		if seen != nil {
			if seen[t] {
				continue
			}
			seen[t] = true
		} else if strings.Contains(s[:starts[i+2]], t) {
			// An earlier occurrence starts before i: t ends by i+2.
			continue
		}
		fn(t)
	}
}

// trigramToken appends the token of trigram in field to b.
func trigramToken(b []byte, tag string, field byte, trigram string) []byte {
	b = append(b, tag...)
	b = append(b, field)
	return hex.AppendEncode(b, []byte(trigram))
}

// tokens returns the trigram document of x ("" when it has no trigram).
func (x indexedText) tokens(s remit.Scope) string {
	tag := tenantTag(s)
	size := 0
	for _, v := range []*string{x.email, x.name, x.phone} {
		if v != nil {
			size += len(*v)
		}
	}
	// A token per character at most: tag, field letter, 3 hex-encoded
	// bytes (6 for ASCII) and a space.
	b := make([]byte, 0, size*(len(tag)+8))
	add := func(field byte, v *string) {
		if v == nil {
			return
		}
		eachTrigram(fold(*v), func(t string) {
			b = trigramToken(b, tag, field, t)
			b = append(b, ' ')
		})
	}
	add(trigramEmail, x.email)
	add(trigramName, x.name)
	add(trigramPhone, x.phone)
	return string(b)
}

// matchExpr returns the FTS4 MATCH expression that finds candidates for a
// substring search of pattern (folded, at least 3 characters) in field:
// the maxQueryTrigrams rarest of its trigrams.
func matchExpr(s remit.Scope, field byte, pattern string) string {
	ts := trigrams(pattern)
	sort.SliceStable(ts, func(i, j int) bool { return trigramCost(ts[i]) < trigramCost(ts[j]) })
	if len(ts) > maxQueryTrigrams {
		ts = ts[:maxQueryTrigrams]
	}
	tag := tenantTag(s)
	toks := make([]string, len(ts))
	for i, t := range ts {
		toks[i] = string(trigramToken(nil, tag, field, t))
	}
	return strings.Join(toks, " ")
}
