package sqlstore

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"remit"
)

// naiveTrigrams is the definition eachTrigram must match: every window of
// three runes of []rune(s), first occurrences only, in order.
func naiveTrigrams(s string) []string {
	runes := []rune(s)
	var out []string
	for i := 0; i+3 <= len(runes); i++ {
		if t := string(runes[i : i+3]); !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

func TestTrigramsMatchDefinition(t *testing.T) {
	cases := []string{
		"", "ab", "abc", "aaaa", "abcabc", "jenny rosen", "jenny.rosen@example.com",
		"zoë ñandú", "日本語のテキスト", "ab\xffcd\xfe\xfeef", "\xff\xff\xff\xff", "+1 (555) 555-5555",
	}
	pieces := []string{"a", "b", " ", "é", "日", "\xff", "\xe6\x97"} // the last two are invalid UTF-8
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		// Few pieces repeat trigrams often; lengths cross the 32-trigram
		// switch to a map.
		var b strings.Builder
		for range rng.IntN(80) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		cases = append(cases, b.String())
	}
	for _, s := range cases {
		if got, want := trigrams(s), naiveTrigrams(s); !slices.Equal(got, want) {
			t.Fatalf("trigrams(%q) = %q, want %q", s, got, want)
		}
	}
}

func BenchmarkCustomerTokens(b *testing.B) {
	email, name, phone := "jenny.rosen@example.com", "Jenny Rosen", "+1 (555) 555-0100"
	x := indexedText{&email, &name, &phone}
	b.ReportAllocs()
	for b.Loop() {
		x.tokens(remit.Scope{Account: "acct_bench"})
	}
}
