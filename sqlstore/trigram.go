package sqlstore

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"

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
// FTS4 defers the tokens with long posting lists (it checks them against
// the stored document of each candidate instead of reading the list), so
// asking for many costs little, and narrows the candidates.
const maxQueryTrigrams = 12

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
	runes := []rune(s)
	var out []string
	seen := map[string]bool{}
	for i := 0; i+3 <= len(runes); i++ {
		t := string(runes[i : i+3])
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

func trigramToken(tag string, field byte, trigram string) string {
	return tag + string(field) + hex.EncodeToString([]byte(trigram))
}

// customerTokens returns the document indexed for a customer.
func customerTokens(s remit.Scope, c *remit.Customer) string {
	tag := tenantTag(s)
	var b strings.Builder
	add := func(field byte, v *string) {
		if v == nil {
			return
		}
		for _, t := range trigrams(fold(*v)) {
			b.WriteString(trigramToken(tag, field, t))
			b.WriteByte(' ')
		}
	}
	add(trigramEmail, c.Email)
	add(trigramName, c.Name)
	add(trigramPhone, c.Phone)
	return b.String()
}

// matchExpr returns the FTS4 MATCH expression that finds candidates for a
// substring search of pattern (folded, at least 3 characters) in field: up
// to maxQueryTrigrams of its trigrams, spread over the pattern.
func matchExpr(s remit.Scope, field byte, pattern string) string {
	ts := trigrams(pattern)
	if len(ts) > maxQueryTrigrams {
		picked := make([]string, 0, maxQueryTrigrams)
		for i := 0; i < maxQueryTrigrams; i++ {
			picked = append(picked, ts[i*(len(ts)-1)/(maxQueryTrigrams-1)])
		}
		ts = picked
	}
	tag := tenantTag(s)
	toks := make([]string, len(ts))
	for i, t := range ts {
		toks[i] = trigramToken(tag, field, t)
	}
	return strings.Join(toks, " ")
}
