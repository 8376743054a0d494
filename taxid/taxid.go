// Package taxid knows the tax ID types Stripe accepts on customers
// (POST /v1/customers/{customer}/tax_ids, type enum of spec
// 2026-08-26.dahlia): their country, label and documented example, the format
// check Stripe applies when a tax ID is created, the national check-digit
// algorithms where a country defines one, and the verification status Stripe's
// test mode gives.
//
// Check is the create-time check: a malformed value is Stripe's 400
// tax_id_invalid (param "value"). It is deliberately a format check only:
// Stripe's own documented examples (DE123456789, 12345678912, ...) are accepted
// although many fail their country's check digits. CheckDigitsValid is separate
// and informative.
//
// The data is one table (types.go); the package has no dependencies beyond the
// standard library and is safe for concurrent use.
package taxid

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
)

// Type describes one tax ID type.
type Type struct {
	Name    string // e.g. "eu_vat"
	Country string // ISO-2; "" for eu_vat (derived from the value's prefix) and "EU" for eu_oss_vat as Stripe reports
	Label   string
	Example string // Stripe's documented example
	// Verified reports that Stripe verifies values of this type against a
	// government register (eu_vat: VIES, gb_vat: HMRC, au_abn: ABR). All other
	// types get a format check only.
	Verified bool
}

// ErrFormat is the sentinel that Check wraps when a value is malformed for its
// type (Stripe: 400 tax_id_invalid, param "value"). Test with errors.Is.
var ErrFormat = errors.New("taxid: invalid format")

// ErrUnknownType is the sentinel that Check wraps when the type is not one of
// Types. Test with errors.Is.
var ErrUnknownType = errors.New("taxid: unknown type")

// Verification statuses (tax_id.verification.status).
const (
	StatusPending     = "pending"
	StatusVerified    = "verified"
	StatusUnverified  = "unverified"
	StatusUnavailable = "unavailable"
)

// checkFunc checks the check digits of a compact value that matched its
// pattern. ok is false when the value's form has no (implemented) algorithm.
type checkFunc func(c string) (valid, ok bool)

// entry is one row of table.
type entry struct {
	name, country, label, example string
	pattern                       string // anchored on the compact value; "" for eu_vat
	format                        string // "expected <format> like <example>"
	check                         checkFunc
	verified                      bool
}

// euEntry is one row of euVAT.
type euEntry struct {
	prefix, country, example string
	pattern                  string // after the prefix
	format                   string
	check                    checkFunc // on the part after the prefix
}

type compiled struct {
	entry
	re *regexp.Regexp
}

type euCompiled struct {
	euEntry
	re *regexp.Regexp
}

var (
	byName   = map[string]*compiled{}
	byPrefix = map[string]*euCompiled{}
	sorted   []Type
)

func anchored(p string) *regexp.Regexp { return regexp.MustCompile(`^(?:` + p + `)$`) }

func init() {
	for _, e := range table {
		if _, dup := byName[e.name]; dup {
			panic("taxid: duplicate type " + e.name)
		}
		c := &compiled{entry: e}
		if e.pattern != "" {
			c.re = anchored(e.pattern)
		}
		byName[e.name] = c
		sorted = append(sorted, Type{Name: e.name, Country: e.country, Label: e.label, Example: e.example, Verified: e.verified})
	}
	slices.SortFunc(sorted, func(a, b Type) int { return strings.Compare(a.Name, b.Name) })
	for _, e := range euVAT {
		byPrefix[e.prefix] = &euCompiled{euEntry: e, re: anchored(e.pattern)}
	}
}

// Lookup returns the type named name.
func Lookup(name string) (Type, bool) {
	c, ok := byName[name]
	if !ok {
		return Type{}, false
	}
	return Type{Name: c.name, Country: c.country, Label: c.label, Example: c.example, Verified: c.verified}, true
}

// Types returns all types sorted by name. The slice is a fresh copy.
func Types() []Type { return slices.Clone(sorted) }

// compact returns value as the patterns see it: upper case, without white
// space and without the separators '.', '-' and '/' that national formats
// and Stripe's examples use ("12.345.678-K", "CHE-123.456.789 MWST",
// "01.234.456/5432-10"). Stripe stores the value as given; compact is only for
// checking.
func compact(value string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '.' || r == '-' || r == '/' {
			return -1
		}
		return unicode.ToUpper(r)
	}, value)
}

// Check validates value's format for the type as Stripe does and returns the
// country the tax ID belongs to: the type's country, or for eu_vat the
// country of the value's 2-letter prefix (EL gives GR, XI gives GB).
//
// The value is normalised before matching: surrounding and inner white space,
// '.', '-' and '/' are ignored and letters may be in either case, so
// " de 123 456 789 " is a valid eu_vat. The caller stores the value as given.
//
// Check never looks at check digits (see CheckDigitsValid): every example
// Stripe documents passes, although several fail their country's algorithm.
//
// A malformed value (empty, wrong length, letters where digits must be, a
// missing or unknown prefix) returns an error wrapping ErrFormat whose text
// names the expected format, e.g. "taxid: invalid format for eu_vat: expected
// DE and 9 digits like DE123456789". An unknown type returns an error wrapping
// ErrUnknownType.
func Check(typ, value string) (country string, err error) {
	c, ok := byName[typ]
	if !ok {
		return "", fmt.Errorf("%w %q", ErrUnknownType, typ)
	}
	v := compact(value)
	if c.re == nil { // eu_vat
		e, body := euSplit(v)
		if e == nil {
			return "", fmt.Errorf("%w for %s: expected %s like %s", ErrFormat, typ, c.format, c.example)
		}
		if !e.re.MatchString(body) {
			return "", fmt.Errorf("%w for %s: expected %s like %s", ErrFormat, typ, e.format, e.example)
		}
		return e.country, nil
	}
	if !c.re.MatchString(v) {
		return "", fmt.Errorf("%w for %s: expected %s like %s", ErrFormat, typ, c.format, c.example)
	}
	return c.country, nil
}

// euSplit returns the euVAT row of compact value v's prefix and the rest of v,
// or nil when the prefix is not an eu_vat prefix.
func euSplit(v string) (*euCompiled, string) {
	if len(v) < 2 {
		return nil, ""
	}
	e := byPrefix[v[:2]]
	if e == nil {
		return nil, ""
	}
	return e, v[2:]
}

// CheckDigitsValid reports whether value's check digits are right, for the
// types whose country defines them (au_abn mod 89, br_cpf/br_cnpj mod 11
// including the alphanumeric CNPJ, ch_uid/ch_vat/li_uid mod 11, cl_tin mod 11
// with K, es_cif/ic_nif DNI/NIE/CIF, it_cf, in_gst mod 36, no_vat mod 11, the
// per-country algorithm of every eu_vat prefix, gb_vat mod 97/9755, and more:
// see the check column of the table in types.go).
//
// ok is false when the type defines no check digits, or when the value's form
// has none (e.g. a 13-digit bg_uic, a 10-character mx_rfc without homoclave, a
// GD/HA gb_vat, a 9-digit Czech personal DIČ); valid is meaningful only when
// ok. A value that fails Check has no valid check digits: (false, true) for a
// type that defines them.
//
// Only check digits are tested, not other rules a national validator may
// apply (embedded birth dates, region codes, reserved ranges).
func CheckDigitsValid(typ, value string) (valid, ok bool) {
	c, found := byName[typ]
	if !found || c.check == nil {
		return false, false
	}
	if _, err := Check(typ, value); err != nil {
		return false, true
	}
	return c.check(compact(value))
}

// Test-mode magic digit sequences (Stripe's Billing testing page, "Test
// customer tax ID verification").
const (
	magicVerified   = "000000000"
	magicUnverified = "111111111"
	magicPending    = "222222222"
)

// TestVerification returns the verification status Stripe's test mode settles
// on for a value of a Verified type (eu_vat, gb_vat, au_abn):
//
//   - a value containing 000000000 -> "verified"
//   - a value containing 111111111 -> "unverified"
//   - a value containing 222222222 -> "pending" (it never resolves)
//   - any other value -> "pending"
//
// The sequences are looked for in the normalised value (see Check), so
// "DE 000 000 000" counts; the first rule that matches wins. "Contains" is the
// usual reading of Stripe's docs (localstripe implements it) and covers
// values that end in the sequence. Stripe documents the sequences for eu_vat
// and au_abn; gb_vat, verified by Stripe too, is given the same rules.
//
// Other values stay "pending": every checkable ID starts pending (Stripe's
// own fixture is eu_vat DE123456789 with status pending) and nothing
// documented resolves them in test mode. (localstripe instead verifies them;
// real test mode was seen to leave even the magic values pending for a few
// seconds, as the check is asynchronous: the status here is the settled one.)
//
// Types Stripe does not verify, and unknown types, give "unavailable".
func TestVerification(typ, value string) string {
	c, ok := byName[typ]
	if !ok || !c.verified {
		return StatusUnavailable
	}
	v := compact(value)
	switch {
	case strings.Contains(v, magicVerified):
		return StatusVerified
	case strings.Contains(v, magicUnverified):
		return StatusUnverified
	default: // magicPending, and every other value
		return StatusPending
	}
}
